-- pgbench script: the SQL statements the portal runs for one request of a
-- unit's 待办事项 list (first page, 待审核), as PostgreSQL logged them
-- (log_statement = all) on 2026-12-06: the session with its account's
-- standing, the staff link to an approved unit, and the page of
-- declarations with its 系列, 专业 and unit names joined in and the list's
-- size as a subquery. Run with -M prepared so that every value the portal
-- binds is a bind parameter here too (bench/reference.sh sets them): :sid
-- (the session row's id), :account (the staff member's account), :unit (the
-- unit's account), :one (LIMIT 1), :t (true), :approved, :s1 and :s2 (the two
-- statuses waiting at the unit). The page's LIMIT and OFFSET are written
-- into the text, as the portal writes them (crate::paging::page_statement).
-- Regenerate it when the list's queries change (bench/reference.sh says how).
SELECT "session"."account_id", "session"."role", "session"."unit_id", "session"."created_at", "session"."last_seen_at", "session"."expires_at", "account"."disabled_at", "account"."must_change_password" FROM "session" INNER JOIN "account" ON "session"."account_id" = "account"."id" WHERE "session"."id" = :sid LIMIT :one;
SELECT "unit_staff"."id" FROM "unit_staff" INNER JOIN "unit" ON "unit_staff"."unit_id" = "unit"."account_id" WHERE "unit_staff"."unit_id" = :unit AND "unit_staff"."person_id" = :account AND "unit_staff"."enabled" = :t AND "unit"."status" = :approved LIMIT :one;
SELECT "declaration"."id", "declaration"."public_id", "declaration"."version", "declaration"."applicant_name", "declaration"."applicant_id_masked", "declaration"."business", "declaration"."level", "declaration"."status", "declaration"."batch_year", "declaration"."submitted_at", "declaration"."updated_at", "series"."name" AS "series_name", "specialty"."name" AS "specialty_name", "unit"."name" AS "unit_name", (SELECT COUNT(*) FROM "declaration" WHERE "declaration"."unit_id" = :unit AND "declaration"."submitted_at" IS NOT NULL AND "declaration"."status" IN (:s1, :s2)) AS "total" FROM "declaration" LEFT JOIN "series" ON "declaration"."series_id" = "series"."id" LEFT JOIN "specialty" ON "declaration"."specialty_id" = "specialty"."id" LEFT JOIN "unit" ON "declaration"."unit_id" = "unit"."account_id" WHERE "declaration"."unit_id" = :unit AND "declaration"."submitted_at" IS NOT NULL AND "declaration"."status" IN (:s1, :s2) ORDER BY "declaration"."submitted_at" DESC, "declaration"."id" DESC LIMIT 20 OFFSET 0;
