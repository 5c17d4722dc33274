//! The closed word lists that time and quantity expressions are built from.
//!
//! Every word token is looked up once, while tokenizing, so the recognisers
//! compare small enums instead of strings. Case is ignored here; where case
//! matters ("May" the month against "may" the verb) the recogniser checks the text.

/// A unit of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Fortnight,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

/// A season of the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Season {
    Spring,
    Summer,
    Fall,
    Winter,
}

impl Season {
    /// TimeML season code.
    pub fn code(self) -> &'static str {
        match self {
            Season::Spring => "SP",
            Season::Summer => "SU",
            Season::Fall => "FA",
            Season::Winter => "WI",
        }
    }
}

/// A part of the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DayPart {
    Morning,
    Afternoon,
    Evening,
    Night,
}

impl DayPart {
    /// TimeML part-of-day code.
    pub fn code(self) -> &'static str {
        match self {
            DayPart::Morning => "MO",
            DayPart::Afternoon => "AF",
            DayPart::Evening => "EV",
            DayPart::Night => "NI",
        }
    }
}

/// Function words and other single words with a role in time or quantity expressions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum W {
    Today,
    Yesterday,
    Tomorrow,
    Tonight,
    Now,
    Currently,
    Current,
    Recently,
    Recent,
    Soon,
    Previously,
    Formerly,
    Nowadays,
    Future,
    Past,
    Present,
    Last,
    Next,
    This,
    These,
    Coming,
    Previous,
    Following,
    Early,
    Late,
    Mid,
    Earlier,
    Later,
    Ago,
    The,
    A,
    An,
    Of,
    Fiscal,
    Weekend,
    End,
    Beginning,
    Start,
    Middle,
    Few,
    Several,
    Couple,
    Many,
    Some,
    About,
    Around,
    Nearly,
    Almost,
    Approximately,
    Roughly,
    Over,
    More,
    Less,
    Fewer,
    Than,
    Least,
    Most,
    Up,
    To,
    Under,
    Just,
    Half,
    Noon,
    Midnight,
    Daily,
    Weekly,
    Monthly,
    Annually,
    Yearly,
    Hourly,
    Dozen,
    Dozens,
    Hundreds,
    Thousands,
    Millions,
    Per,
    Cent,
    Percent,
    And,
    Right,
    Near,
    Christmas,
    Eve,
    New,
    Since,
    Until,
    By,
    Before,
    After,
    In,
    On,
    At,
    During,
    From,
    Through,
    Between,
    Hence,
    Nineteen,
    As,
    Latest,
    Each,
    Every,
}

/// The lexicon entry of one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lex {
    /// Not in any list.
    None,
    /// A month's full name, 1-based.
    Month(u8),
    /// A month's abbreviation ("Nov", "Sept"), 1-based.
    MonthAbbr(u8),
    /// A weekday, 1 = Monday.
    Weekday(u8),
    /// A cardinal number word ("eight", "twenty", "hundred", "million").
    Number(u64),
    /// An ordinal word ("first" .. "thirty"), 1-based; "second" is also a unit.
    Ordinal(u8),
    /// A unit of time; the flag says whether the word is plural.
    Unit(Unit, bool),
    /// A season.
    Season(Season),
    /// A part of the day.
    DayPart(DayPart),
    /// A decade word: "nineties" is 9.
    DecadeWord(u8),
    /// A time zone abbreviation.
    Zone,
    /// Another listed word.
    Word(W),
}

/// Looks a word up, ignoring ASCII case.
pub(crate) fn lookup(word: &str) -> Lex {
    let bytes = word.as_bytes();
    if bytes.len() > 13 || !bytes.is_ascii() {
        return Lex::None;
    }
    let mut buf = [0u8; 13];
    for (dst, src) in buf.iter_mut().zip(bytes) {
        *dst = src.to_ascii_lowercase();
    }
    let lower = &buf[..bytes.len()];
    use Lex::*;
    use W::*;
    match lower {
        b"january" => Month(1),
        b"february" => Month(2),
        b"march" => Month(3),
        b"april" => Month(4),
        b"may" => Month(5),
        b"june" => Month(6),
        b"july" => Month(7),
        b"august" => Month(8),
        b"september" => Month(9),
        b"october" => Month(10),
        b"november" => Month(11),
        b"december" => Month(12),
        b"jan" => MonthAbbr(1),
        b"feb" => MonthAbbr(2),
        b"mar" => MonthAbbr(3),
        b"apr" => MonthAbbr(4),
        b"jun" => MonthAbbr(6),
        b"jul" => MonthAbbr(7),
        b"aug" => MonthAbbr(8),
        b"sep" | b"sept" => MonthAbbr(9),
        b"oct" => MonthAbbr(10),
        b"nov" => MonthAbbr(11),
        b"dec" => MonthAbbr(12),
        b"monday" => Weekday(1),
        b"tuesday" => Weekday(2),
        b"wednesday" => Weekday(3),
        b"thursday" => Weekday(4),
        b"friday" => Weekday(5),
        b"saturday" => Weekday(6),
        b"sunday" => Weekday(7),
        b"zero" => Number(0),
        b"one" => Number(1),
        b"two" => Number(2),
        b"three" => Number(3),
        b"four" => Number(4),
        b"five" => Number(5),
        b"six" => Number(6),
        b"seven" => Number(7),
        b"eight" => Number(8),
        b"nine" => Number(9),
        b"ten" => Number(10),
        b"eleven" => Number(11),
        b"twelve" => Number(12),
        b"thirteen" => Number(13),
        b"fourteen" => Number(14),
        b"fifteen" => Number(15),
        b"sixteen" => Number(16),
        b"seventeen" => Number(17),
        b"eighteen" => Number(18),
        b"nineteen" => Word(Nineteen),
        b"twenty" => Number(20),
        b"thirty" => Number(30),
        b"forty" => Number(40),
        b"fifty" => Number(50),
        b"sixty" => Number(60),
        b"seventy" => Number(70),
        b"eighty" => Number(80),
        b"ninety" => Number(90),
        b"hundred" => Number(100),
        b"thousand" => Number(1_000),
        b"million" => Number(1_000_000),
        b"billion" => Number(1_000_000_000),
        b"trillion" => Number(1_000_000_000_000),
        b"first" => Ordinal(1),
        b"second" => Ordinal(2),
        b"third" => Ordinal(3),
        b"fourth" => Ordinal(4),
        b"fifth" => Ordinal(5),
        b"sixth" => Ordinal(6),
        b"seventh" => Ordinal(7),
        b"eighth" => Ordinal(8),
        b"ninth" => Ordinal(9),
        b"tenth" => Ordinal(10),
        b"eleventh" => Ordinal(11),
        b"twelfth" => Ordinal(12),
        b"thirteenth" => Ordinal(13),
        b"fourteenth" => Ordinal(14),
        b"fifteenth" => Ordinal(15),
        b"sixteenth" => Ordinal(16),
        b"seventeenth" => Ordinal(17),
        b"eighteenth" => Ordinal(18),
        b"nineteenth" => Ordinal(19),
        b"twentieth" => Ordinal(20),
        b"thirtieth" => Ordinal(30),
        b"seconds" => Unit(self::Unit::Second, true),
        b"minute" => Unit(self::Unit::Minute, false),
        b"minutes" => Unit(self::Unit::Minute, true),
        b"hour" => Unit(self::Unit::Hour, false),
        b"hours" => Unit(self::Unit::Hour, true),
        b"day" => Unit(self::Unit::Day, false),
        b"days" => Unit(self::Unit::Day, true),
        b"week" => Unit(self::Unit::Week, false),
        b"weeks" => Unit(self::Unit::Week, true),
        b"fortnight" => Unit(self::Unit::Fortnight, false),
        b"fortnights" => Unit(self::Unit::Fortnight, true),
        b"month" => Unit(self::Unit::Month, false),
        b"months" => Unit(self::Unit::Month, true),
        b"quarter" => Unit(self::Unit::Quarter, false),
        b"quarters" => Unit(self::Unit::Quarter, true),
        b"year" => Unit(self::Unit::Year, false),
        b"years" => Unit(self::Unit::Year, true),
        b"decade" => Unit(self::Unit::Decade, false),
        b"decades" => Unit(self::Unit::Decade, true),
        b"century" => Unit(self::Unit::Century, false),
        b"centuries" => Unit(self::Unit::Century, true),
        b"spring" => Season(self::Season::Spring),
        b"summer" => Season(self::Season::Summer),
        b"fall" | b"autumn" => Season(self::Season::Fall),
        b"winter" => Season(self::Season::Winter),
        b"morning" => DayPart(self::DayPart::Morning),
        b"afternoon" => DayPart(self::DayPart::Afternoon),
        b"evening" => DayPart(self::DayPart::Evening),
        b"night" => DayPart(self::DayPart::Night),
        b"twenties" => DecadeWord(2),
        b"thirties" => DecadeWord(3),
        b"forties" => DecadeWord(4),
        b"fifties" => DecadeWord(5),
        b"sixties" => DecadeWord(6),
        b"seventies" => DecadeWord(7),
        b"eighties" => DecadeWord(8),
        b"nineties" => DecadeWord(9),
        b"gmt" | b"utc" | b"est" | b"edt" | b"cst" | b"cdt" | b"mst" | b"mdt" | b"pst" | b"pdt"
        | b"cet" | b"cest" | b"bst" | b"et" => Zone,
        b"today" => Word(Today),
        b"yesterday" => Word(Yesterday),
        b"tomorrow" => Word(Tomorrow),
        b"tonight" => Word(Tonight),
        b"now" => Word(Now),
        b"currently" => Word(Currently),
        b"current" => Word(Current),
        b"recently" => Word(Recently),
        b"recent" => Word(Recent),
        b"soon" => Word(Soon),
        b"previously" => Word(Previously),
        b"formerly" => Word(Formerly),
        b"nowadays" => Word(Nowadays),
        b"future" => Word(Future),
        b"past" => Word(Past),
        b"present" => Word(Present),
        b"last" => Word(Last),
        b"next" => Word(Next),
        b"this" => Word(This),
        b"these" => Word(These),
        b"coming" => Word(Coming),
        b"previous" => Word(Previous),
        b"following" => Word(Following),
        b"early" => Word(Early),
        b"late" => Word(Late),
        b"mid" => Word(Mid),
        b"earlier" => Word(Earlier),
        b"later" => Word(Later),
        b"ago" => Word(Ago),
        b"the" => Word(The),
        b"a" => Word(A),
        b"an" => Word(An),
        b"of" => Word(Of),
        b"fiscal" => Word(Fiscal),
        b"weekend" => Word(Weekend),
        b"end" => Word(End),
        b"beginning" => Word(Beginning),
        b"start" => Word(Start),
        b"middle" => Word(Middle),
        b"few" => Word(Few),
        b"several" => Word(Several),
        b"couple" => Word(Couple),
        b"many" => Word(Many),
        b"some" => Word(Some),
        b"about" => Word(About),
        b"around" => Word(Around),
        b"nearly" => Word(Nearly),
        b"almost" => Word(Almost),
        b"approximately" => Word(Approximately),
        b"roughly" => Word(Roughly),
        b"over" => Word(Over),
        b"more" => Word(More),
        b"less" => Word(Less),
        b"fewer" => Word(Fewer),
        b"than" => Word(Than),
        b"least" => Word(Least),
        b"most" => Word(Most),
        b"up" => Word(Up),
        b"to" => Word(To),
        b"under" => Word(Under),
        b"just" => Word(Just),
        b"half" => Word(Half),
        b"noon" | b"midday" => Word(Noon),
        b"midnight" => Word(Midnight),
        b"daily" => Word(Daily),
        b"weekly" => Word(Weekly),
        b"monthly" => Word(Monthly),
        b"annually" => Word(Annually),
        b"yearly" => Word(Yearly),
        b"hourly" => Word(Hourly),
        b"dozen" => Word(Dozen),
        b"dozens" => Word(Dozens),
        b"hundreds" => Word(Hundreds),
        b"thousands" => Word(Thousands),
        b"millions" => Word(Millions),
        b"per" => Word(Per),
        b"cent" => Word(Cent),
        b"percent" => Word(Percent),
        b"and" => Word(And),
        b"right" => Word(Right),
        b"near" => Word(Near),
        b"christmas" => Word(Christmas),
        b"eve" => Word(Eve),
        b"new" => Word(New),
        b"since" => Word(Since),
        b"until" | b"till" => Word(Until),
        b"by" => Word(By),
        b"before" => Word(Before),
        b"after" => Word(After),
        b"in" => Word(In),
        b"on" => Word(On),
        b"at" => Word(At),
        b"during" => Word(During),
        b"from" => Word(From),
        b"through" | b"throughout" => Word(Through),
        b"between" => Word(Between),
        b"hence" => Word(Hence),
        b"as" => Word(As),
        b"latest" => Word(Latest),
        b"each" => Word(Each),
        b"every" => Word(Every),
        _ => Lex::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_case() {
        assert_eq!(lookup("NOVEMBER"), Lex::Month(11));
        assert_eq!(lookup("Sept"), Lex::MonthAbbr(9));
        assert_eq!(lookup("weeks"), Lex::Unit(Unit::Week, true));
        assert_eq!(lookup("Kosovo"), Lex::None);
        assert_eq!(lookup("é"), Lex::None);
        assert_eq!(lookup("extraordinarily"), Lex::None);
    }
}
