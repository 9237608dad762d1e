-- Desk search: "ArticleSearch" rows keep every tsvector out of line (issue 9, search speed). A
-- row is only written out of line down to 2 KB by default, so the photo text (1.9 KB on average
-- at 100,000 articles) stayed in the row: 6.5 rows a page, 119 MB of heap. A search's count and
-- its keyset walk visit one heap row per match (a bitmap heap scan does, even when the index
-- alone decides the match), so they read a page per match. With a 128-byte target the three
-- vectors are TOAST pointers and a row is ~100 bytes: at 20,000 articles the heap went from
-- 25.0 MB to 2.2 MB, counting a photographer's 1,300 matches from 1,051 pages to 264 (11.3 ms to
-- 2.2 ms, cold) and a common word's first 10,001 from 1,736 to 160 (15.3 ms to 2.8 ms).
--
-- It applies to rows as they are written (imports, re-indexing); it rewrites nothing now, so the
-- migration is instant at any size. `VACUUM FULL "ArticleSearch"` narrows an existing archive's
-- rows at once, when a few minutes' lock on the search table can be had.

ALTER TABLE "ArticleSearch" SET (toast_tuple_target = 128);
