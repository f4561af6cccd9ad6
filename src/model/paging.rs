//! The past-the-last-page guard: a stale link (`?page=9` after accounts were removed) asks for a
//! page beyond the last one, and the API answers it with no rows but a non-zero total. The tab
//! then shows the last page instead of a misleading "No users" (see docs/ARCHITECTURE.md,
//! Errors to UI).

use contract::PageMeta;

/// The page to show instead of `requested`, when `requested` lies past the last page: the
/// answer has no rows although `meta.total` says some match. `None` when the answer is fine as
/// it is (rows on it, nothing matches at all, or it is already the first page).
pub fn past_last_page(requested: u32, rows_on_page: usize, meta: &PageMeta) -> Option<u32> {
    if rows_on_page > 0 || meta.total == 0 || requested <= 1 {
        return None;
    }
    // An absurd `totalPages` (0, or beyond u32) lands on the first page, which always exists.
    Some(u32::try_from(meta.total_pages.max(1)).unwrap_or(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(total: u64, total_pages: u64) -> PageMeta {
        PageMeta {
            number: 9,
            size: 25,
            max_size: 100,
            total,
            total_pages,
        }
    }

    #[test]
    fn an_empty_page_past_the_end_goes_to_the_last_page() {
        assert_eq!(past_last_page(9, 0, &meta(60, 3)), Some(3));
        assert_eq!(past_last_page(2, 0, &meta(1, 1)), Some(1));
    }

    #[test]
    fn real_answers_are_left_alone() {
        assert_eq!(past_last_page(3, 10, &meta(60, 3)), None, "rows on it");
        assert_eq!(past_last_page(9, 0, &meta(0, 0)), None, "nothing matches");
        assert_eq!(
            past_last_page(1, 0, &meta(60, 3)),
            None,
            "already the first"
        );
    }

    #[test]
    fn absurd_page_counts_land_on_the_first_page() {
        assert_eq!(past_last_page(9, 0, &meta(60, 0)), Some(1));
        assert_eq!(past_last_page(9, 0, &meta(60, u64::MAX)), Some(1));
    }
}
