//! Calibration: is a higher confidence a higher measured accuracy?
//!
//! Every derived field with a `confidence` is scored per confidence band
//! ([`BANDS`]): how many labelled items fell in the band and how many were
//! right. A calibrated field has accuracy rising with the band
//! ([`Calibration::is_monotone`]) and near the band's confidences.

use serde::Serialize;

/// Confidence bands, lower bound inclusive, upper exclusive (the last includes 1).
pub(crate) const BANDS: [(f32, f32); 4] = [(0.0, 0.5), (0.5, 0.7), (0.7, 0.85), (0.85, 1.0)];

/// Items in one confidence band and how many were right.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub(crate) struct Band {
    /// Lower bound (inclusive).
    pub(crate) low: f32,
    /// Upper bound (exclusive; the last band includes 1).
    pub(crate) high: f32,
    /// Labelled items whose confidence falls in the band.
    pub(crate) n: usize,
    /// Of those, right.
    pub(crate) right: usize,
    /// Sum of their confidences, for the mean confidence.
    pub(crate) confidence_sum: f64,
}

impl Band {
    /// `right / n`, or 0 when empty.
    pub(crate) fn accuracy(&self) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            self.right as f64 / self.n as f64
        }
    }

    /// The mean confidence of the items in the band.
    pub(crate) fn mean_confidence(&self) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            self.confidence_sum / self.n as f64
        }
    }
}

/// Accuracy per confidence band of one field on one dataset.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Calibration {
    /// What was scored: "quote speakers (PolNeAR dev, named sources)".
    pub(crate) what: String,
    /// The bands of [`BANDS`], in order.
    pub(crate) bands: Vec<Band>,
    /// The same per method (`cue-verb`, `anchored`, ...): (method, n, right).
    pub(crate) methods: Vec<(String, usize, usize)>,
}

impl Calibration {
    /// An empty tally for `what`.
    pub(crate) fn new(what: impl Into<String>) -> Calibration {
        Calibration {
            what: what.into(),
            bands: BANDS
                .iter()
                .map(|&(low, high)| Band {
                    low,
                    high,
                    ..Band::default()
                })
                .collect(),
            methods: Vec::new(),
        }
    }

    /// Counts one labelled item.
    pub(crate) fn add(&mut self, confidence: f32, method: &str, right: bool) {
        let last = self.bands.len() - 1;
        let index = self
            .bands
            .iter()
            .position(|b| confidence >= b.low && confidence < b.high)
            .unwrap_or(if confidence >= 1.0 { last } else { 0 });
        let band = &mut self.bands[index];
        band.n += 1;
        band.right += usize::from(right);
        band.confidence_sum += f64::from(confidence);
        match self.methods.iter_mut().find(|(m, _, _)| m == method) {
            Some(entry) => {
                entry.1 += 1;
                entry.2 += usize::from(right);
            }
            None => self
                .methods
                .push((method.to_string(), 1, usize::from(right))),
        }
        self.methods.sort();
    }

    /// Whether accuracy never falls from one non-empty band to the next.
    pub(crate) fn is_monotone(&self) -> bool {
        let filled: Vec<f64> = self
            .bands
            .iter()
            .filter(|b| b.n > 0)
            .map(Band::accuracy)
            .collect();
        filled.windows(2).all(|w| w[0] <= w[1])
    }

    /// A Markdown table: band, items, right, accuracy, mean confidence.
    pub(crate) fn table(&self) -> String {
        let mut out = format!(
            "{}{}\n\n| confidence | items | right | accuracy | mean confidence |\n|---|---:|---:|---:|---:|\n",
            self.what,
            if self.is_monotone() {
                ""
            } else {
                " (NOT monotone)"
            }
        );
        for (i, band) in self.bands.iter().enumerate() {
            let close = if i + 1 == self.bands.len() { ']' } else { ')' };
            let accuracy = if band.n == 0 {
                "–".to_string()
            } else {
                format!("{:.1}%", 100.0 * band.accuracy())
            };
            out += &format!(
                "| [{:.2}, {:.2}{close} | {} | {} | {accuracy} | {:.2} |\n",
                band.low,
                band.high,
                band.n,
                band.right,
                band.mean_confidence()
            );
        }
        let methods: Vec<String> = self
            .methods
            .iter()
            .map(|(m, n, right)| format!("{m} {right}/{n}"))
            .collect();
        out += &format!("\nBy method: {}\n", methods.join(", "));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_fall_in_their_band_and_monotony_is_checked() {
        let mut calibration = Calibration::new("test");
        calibration.add(0.2, "a", false);
        calibration.add(0.6, "b", true);
        calibration.add(0.9, "c", true);
        calibration.add(1.0, "c", true);
        assert_eq!(
            calibration.bands.iter().map(|b| b.n).collect::<Vec<_>>(),
            [1, 1, 0, 2]
        );
        assert!(calibration.is_monotone());
        calibration.add(0.95, "c", false);
        calibration.add(0.95, "c", false);
        assert!(!calibration.is_monotone());
        let table = calibration.table();
        assert!(table.contains("NOT monotone"), "{table}");
        assert!(
            table.contains("| [0.85, 1.00] | 4 | 2 | 50.0% |"),
            "{table}"
        );
        assert!(table.contains("c 2/4"), "{table}");
    }
}
