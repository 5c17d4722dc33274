//! Union-find over `0..n` as a plain parent vector, shared by the stages that
//! group things transitively (near-duplicates, events into stories, quotes and
//! numbers into corroborations, articles into sources).
//!
//! The smaller root always becomes the parent, so a group's root is its
//! lowest index and results do not depend on the order of unions.

/// The root of `x`, halving the path on the way up.
pub fn root(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// Joins the groups of `a` and `b` under the smaller root.
pub fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (root(parent, a), root(parent, b));
    parent[ra.max(rb)] = ra.min(rb);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_rooted_at_their_lowest_member() {
        let mut parent: Vec<usize> = (0..5).collect();
        union(&mut parent, 4, 2);
        union(&mut parent, 3, 4);
        assert_eq!(root(&mut parent, 3), 2);
        assert_eq!(root(&mut parent, 0), 0);
        union(&mut parent, 1, 3);
        assert_eq!(root(&mut parent, 4), 1);
    }
}
