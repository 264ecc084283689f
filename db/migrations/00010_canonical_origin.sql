-- Issue 7 (security hardening).
--
-- 1. The canonical origin of an organization: the base of the links in its mails, which used to
--    be taken from the request (Host, X-Forwarded-Host), so that anyone could have reset links
--    point at another port or site. Null: `https://<host>`, or `http://<host>:<PORT>` for local
--    hosts (localhost, *.localhost, 127.0.0.1), computed by the app (organizations/origin.ts, whose
--    CANONICAL_ORIGIN_PATTERN this check mirrors). It must name the organization's own host name:
--    the links have to lead back to this organization, which is found by its host.
alter table organizations
  add column canonical_origin text
    constraint organizations_canonical_origin_check check (
      canonical_origin is null or (
        canonical_origin ~ '^(https://[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*|http://(localhost|([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+localhost|127\.0\.0\.1))(:[0-9]{1,5})?$'
        and substring(canonical_origin from '^https?://([^:/]+)') = regexp_replace(host, ':[0-9]+$', '')
      )
    );

-- 2. The maps' style URL: its origin goes into the organization's Content-Security-Policy, which
--    a `;` or `,` in the host name would break (`https://tiles;example.org/style.json`), leaving
--    the whole organization without pages. From now on: https only, a host name of lower-case
--    labels with at least one dot and a top-level label starting with a letter (no IP address),
--    an optional port, no credentials, no spaces or control characters, at most 2048 characters,
--    as the settings form stores it (the URL parser's serialization, see admin/schema.ts).
--    A stored value that breaks these rules could only break the CSP: it goes back to the
--    built-in basemap, rather than making every later update of the row fail.
update organizations set map_style_url = null
where map_style_url is not null
  and not (
    length(map_style_url) <= 2048
    and map_style_url ~ '^https://([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]([a-z0-9-]*[a-z0-9])?(:[0-9]{1,5})?([/?#][^[:space:][:cntrl:]]*)?$'
  );

alter table organizations drop constraint organizations_map_style_url_check;
alter table organizations
  add constraint organizations_map_style_url_check check (
    map_style_url is null or (
      length(map_style_url) <= 2048
      and map_style_url ~ '^https://([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]([a-z0-9-]*[a-z0-9])?(:[0-9]{1,5})?([/?#][^[:space:][:cntrl:]]*)?$'
    )
  );
