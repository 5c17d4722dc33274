//! Scores time-expression recognition and normalisation on TempEval-3 TimeML files.
