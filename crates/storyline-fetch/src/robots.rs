//! robots.txt (RFC 9309): the group for our user agent, Allow/Disallow rules,
//! longest match wins, `*` and `$` in patterns.

/// The rules of one robots.txt that apply to one user agent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Robots {
    /// `(allow, pattern)` pairs of the chosen group(s).
    rules: Vec<(bool, String)>,
    /// Whether everything is disallowed regardless of rules (server errors).
    deny_all: bool,
}

impl Robots {
    /// Rules that allow everything (no robots.txt, or a 4xx answer for it).
    pub fn allow_all() -> Robots {
        Robots::default()
    }

    /// Rules that deny everything (robots.txt unreachable or a 5xx answer:
    /// RFC 9309 says to assume complete disallow).
    pub fn deny_all() -> Robots {
        Robots {
            rules: Vec::new(),
            deny_all: true,
        }
    }

    /// Parses `text` for the product token `agent` (e.g. `storyline`). Groups
    /// naming the agent (case-insensitive) are merged; without one, the `*`
    /// groups apply.
    pub fn parse(text: &str, agent: &str) -> Robots {
        let agent = agent.to_ascii_lowercase();
        let mut ours: Vec<(bool, String)> = Vec::new();
        let mut star: Vec<(bool, String)> = Vec::new();
        // The user agents of the group being read, and whether its rules started.
        let mut group_agents: Vec<String> = Vec::new();
        let mut in_rules = false;
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let key = key.trim().to_ascii_lowercase();
            let value = value.trim();
            match key.as_str() {
                "user-agent" => {
                    if in_rules {
                        group_agents.clear();
                        in_rules = false;
                    }
                    group_agents.push(value.to_ascii_lowercase());
                }
                "allow" | "disallow" => {
                    in_rules = true;
                    let allow = key == "allow";
                    if value.is_empty() {
                        // "Disallow:" with no path allows everything; nothing to record.
                        continue;
                    }
                    if group_agents.contains(&agent) {
                        ours.push((allow, value.to_string()));
                    } else if group_agents.iter().any(|a| a == "*") {
                        star.push((allow, value.to_string()));
                    }
                }
                _ => {
                    // Other lines (Sitemap, Crawl-delay, ...) do not end a group.
                }
            }
        }
        // A group naming our agent applies even when its only rule is an empty Disallow.
        let rules = if Self::names_agent(text, &agent) {
            ours
        } else {
            star
        };
        Robots {
            rules,
            deny_all: false,
        }
    }

    fn names_agent(text: &str, agent: &str) -> bool {
        text.lines().any(|line| {
            let line = line.split('#').next().unwrap_or("").trim();
            line.split_once(':').is_some_and(|(key, value)| {
                let value = value.trim().to_ascii_lowercase();
                key.trim().eq_ignore_ascii_case("user-agent") && value == agent
            })
        })
    }

    /// Whether `path` (path plus query, starting with `/`) may be fetched: the
    /// longest matching rule decides, Allow wins a tie, no match allows.
    pub fn allowed(&self, path: &str) -> bool {
        if self.deny_all {
            return false;
        }
        if path == "/robots.txt" {
            return true;
        }
        let mut best: Option<(usize, bool)> = None;
        for (allow, pattern) in &self.rules {
            if matches(pattern, path) {
                let len = pattern.len();
                best = match best {
                    Some((best_len, best_allow))
                        if best_len > len || (best_len == len && best_allow) =>
                    {
                        Some((best_len, best_allow))
                    }
                    _ => Some((len, *allow)),
                };
            }
        }
        best.is_none_or(|(_, allow)| allow)
    }
}

/// Whether robots `pattern` matches the start of `path` (`*` any run, `$` end).
fn matches(pattern: &str, path: &str) -> bool {
    let (pattern, anchored) = match pattern.strip_suffix('$') {
        Some(p) => (p, true),
        None => (pattern, false),
    };
    match_from(pattern.as_bytes(), path.as_bytes(), anchored)
}

fn match_from(pattern: &[u8], path: &[u8], anchored: bool) -> bool {
    match pattern.split_first() {
        None => !anchored || path.is_empty(),
        Some((b'*', rest)) => {
            (0..=path.len()).any(|skip| match_from(rest, &path[skip..], anchored))
        }
        Some((&c, rest)) => path
            .split_first()
            .is_some_and(|(&p, path_rest)| p == c && match_from(rest, path_rest, anchored)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "\
# comment
User-agent: otherbot
Disallow: /

User-agent: *
Disallow: /private/
Allow: /private/public-notes.html
Disallow: /*.pdf$
Crawl-delay: 2
";

    #[test]
    fn the_star_group_applies_with_longest_match() {
        let robots = Robots::parse(TEXT, "storyline");
        assert!(robots.allowed("/news/a.html"));
        assert!(!robots.allowed("/private/memo.html"));
        assert!(robots.allowed("/private/public-notes.html"));
        assert!(!robots.allowed("/files/report.pdf"));
        assert!(robots.allowed("/files/report.pdf?download=1"));
    }

    #[test]
    fn our_own_group_replaces_the_star_group() {
        let robots = Robots::parse(TEXT, "otherbot");
        assert!(!robots.allowed("/news/a.html"));
        let text = "User-agent: *\nDisallow: /\n\nUser-agent: storyline\nDisallow:\n";
        assert!(Robots::parse(text, "storyline").allowed("/anything"));
        assert!(!Robots::parse(text, "somebot").allowed("/anything"));
    }

    #[test]
    fn groups_may_name_several_agents() {
        let text = "User-agent: a\nUser-agent: storyline\nDisallow: /x\n";
        assert!(!Robots::parse(text, "storyline").allowed("/x/1"));
    }

    #[test]
    fn unreachable_robots_deny_and_missing_robots_allow() {
        assert!(!Robots::deny_all().allowed("/a"));
        assert!(Robots::allow_all().allowed("/a"));
    }
}
