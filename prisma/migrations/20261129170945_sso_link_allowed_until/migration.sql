-- The admin's "allow single sign-on link" now expires: a timestamp instead of a flag.
ALTER TABLE "User" ADD COLUMN "ssoLinkAllowedUntil" TIMESTAMP(3);

-- An approval already given stays usable for 24 hours from the upgrade.
UPDATE "User" SET "ssoLinkAllowedUntil" = CURRENT_TIMESTAMP + INTERVAL '24 hours' WHERE "ssoLinkAllowed" AND NOT EXISTS (SELECT 1 FROM "UserIdentity" i WHERE i."userId" = "User"."id");

-- Upgrade from email-only single sign-on: users it created have no password and no
-- identity: their next SSO sign-in with that (verified) email links, as before,
-- within 14 days of the upgrade (after that, an admin allows it again) (README, Single sign-on).
UPDATE "User" SET "ssoLinkAllowedUntil" = CURRENT_TIMESTAMP + INTERVAL '14 days' WHERE "authProvider" = 'oidc' AND "passwordHash" IS NULL AND NOT EXISTS (SELECT 1 FROM "UserIdentity" i WHERE i."userId" = "User"."id");

ALTER TABLE "User" DROP COLUMN "ssoLinkAllowed";
