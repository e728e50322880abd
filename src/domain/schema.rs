//! How the domain's string newtypes and hand-serialised types appear in the OpenAPI document:
//! as the strings and objects their serde impls write, with the rules their parsers enforce.

use super::{
    ApiTokenId, AppId, AssignmentId, CspEntryId, CustomerSlug, DataConnectionId, DeploymentName,
    DisplayName, GroupId, GroupName, IdpId, Lang, LastResult, ModuleKey, OauthClientId, Origin,
    ParamName, QlikSubject, Redacted, Region, ReloadId, Rrule, SheetId, SiteHost, SpaceId, TaskId,
    TenantHostname, TenantId, ThemeId, ThemeName, TimeZone, TokenName, TokenScope, UserId,
    WebIntegrationId, WebhookId,
};
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, OneOfBuilder, Schema, Type};
use utoipa::{PartialSchema, ToSchema};

/// A string schema with the newtype's rule as its description.
fn string(description: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
}

/// A Qlik resource id: Qlik's ids are opaque, so only their alphabet and length are checked.
fn qlik_id(description: &str) -> ObjectBuilder {
    string(description).pattern(Some(QLIK_ID))
}

fn done(builder: ObjectBuilder) -> RefOr<Schema> {
    RefOr::T(Schema::Object(builder.build()))
}

/// `impl ToSchema` for newtypes written as a bare string; `$schema` builds the string schema.
macro_rules! string_schema {
    ($($name:ident => $schema:expr;)*) => {$(
        impl PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                done($schema)
            }
        }
        impl ToSchema for $name {}
    )*};
}

const SLUG: &str = "^[a-z][a-z0-9]*(-[a-z0-9]+)*$";
const QLIK_ID: &str = "^[A-Za-z0-9_-]{1,64}$";

string_schema! {
    CustomerSlug => string("A customer's key: 3–40 of a-z, 0-9 and single '-', starting with a letter")
        .pattern(Some(SLUG)).min_length(Some(3)).max_length(Some(40));
    ModuleKey => string("A module's key: 2–40 of a-z, 0-9 and single '-', starting with a letter")
        .pattern(Some(SLUG)).min_length(Some(2)).max_length(Some(40));
    TenantId => qlik_id("A Qlik tenant id");
    AppId => qlik_id("A Qlik app id");
    SheetId => qlik_id("A sheet id inside an app");
    SpaceId => qlik_id("A Qlik space id");
    GroupId => qlik_id("A Qlik group id");
    UserId => qlik_id("A Qlik user id");
    IdpId => qlik_id("A Qlik identity provider id");
    WebIntegrationId => qlik_id("A Qlik web integration id (qlik-web-integration-id)");
    CspEntryId => qlik_id("A Qlik CSP entry id");
    AssignmentId => qlik_id("A Qlik space assignment id");
    DataConnectionId => qlik_id("A Qlik data connection id (qID)");
    ReloadId => qlik_id("A Qlik reload id");
    OauthClientId => qlik_id("A Qlik OAuth client id");
    TaskId => qlik_id("A Qlik scheduler task id");
    WebhookId => qlik_id("A Qlik tenant webhook id");
    ThemeId => qlik_id("A Qlik custom theme id");
    ThemeName => string("A theme as sheet URLs name it: a built-in theme's id (horizon) or a \
        custom theme's qextFilename (1–100 of A-Z, a-z, 0-9, '-' and '_')")
        .pattern(Some("^[A-Za-z0-9_-]{1,100}$"));
    Lang => string("A language for sheet URLs: one of Qlik's locales (de, de-DE, en-US, fr, …)");
    Rrule => string("An RFC 5545 recurrence rule without DTSTART, at most hourly, e.g. FREQ=DAILY;BYHOUR=2;BYMINUTE=0")
        .max_length(Some(300));
    TimeZone => string("An IANA time zone name, e.g. Europe/Berlin").max_length(Some(64));
    LastResult => string("The last apply's outcome: `succeeded`, or `failed: <reason>`");
    DisplayName => string("1–100 printable characters, trimmed").min_length(Some(1)).max_length(Some(100));
    GroupName => string("A host group name as in the JWT groups claim (case-sensitive)")
        .min_length(Some(1)).max_length(Some(256));
    ParamName => string("A load-script parameter name").pattern(Some("^[a-z][a-z0-9_]{0,39}$"));
    Origin => string("scheme://host[:port], no path or wildcard").format(Some(
        utoipa::openapi::SchemaFormat::Custom("uri".to_owned()),
    ));
    Region => string("A Qlik region code")
        .enum_values(Some(Region::ALL.iter().map(|r| r.to_string())));
    ApiTokenId => string("A token's public id").pattern(Some("^tok_[0-9a-f]{24}$"));
    TokenName => string("Who or what uses the token: 1–100 printable characters")
        .min_length(Some(1)).max_length(Some(100));
    TenantHostname => string("A lowercase DNS hostname, without scheme, port or path");
    DeploymentName => string("Letters, digits, space, '_', '.', '-'").max_length(Some(64));
    SiteHost => string("The client-managed site's host, e.g. qse.partner.com");
    QlikSubject => string("The user's subject on the tenant: host subject, customer and user id");
    Redacted => string("A secret: write-only, answered as an empty string").write_only(Some(true));
}

/// `{kind: admin}` or `{kind: embed, customers: [..]}` (the serde form of `RawScope`).
impl PartialSchema for TokenScope {
    fn schema() -> RefOr<Schema> {
        let kind = |name: &str| {
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some([name]))
        };
        let admin = ObjectBuilder::new()
            .property("kind", kind("admin"))
            .required("kind");
        let customers = ArrayBuilder::new()
            .items(CustomerSlug::schema())
            .min_items(Some(1));
        let embed = ObjectBuilder::new()
            .property("kind", kind("embed"))
            .property("customers", customers)
            .required("kind")
            .required("customers");
        RefOr::T(Schema::OneOf(
            OneOfBuilder::new()
                .item(admin)
                .item(embed)
                .description(Some("What the token may do"))
                .build(),
        ))
    }
}

impl ToSchema for TokenScope {}
