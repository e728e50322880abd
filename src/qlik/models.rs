//! Qlik Cloud resources as the client reads them, with Qlik's JSON field names.
//! Only the fields oem-hub uses are typed (ids as their domain types); unknown fields are ignored.
//! An absent `Option` field reads as `None` (serde's own rule); `#[serde(default)]` marks the
//! other fields Qlik may leave out. The other modules' answer types follow the same rule.

use crate::domain::{
    AppId, AssignmentId, CspEntryId, DataConnectionId, GroupId, IdpId, ReloadId, SpaceId,
    TenantHostname, TenantId, UserId, WebIntegrationId,
};
use serde::{Deserialize, Serialize};

mod scripts;
pub mod unset;

pub use scripts::ScriptIssues;
use unset::{de_non_empty, de_non_empty_id};

/// A link object: `{"href": "..."}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Href {
    pub href: String,
}

/// `links` of a paginated list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Links {
    pub next: Option<Href>,
    #[serde(rename = "self")]
    pub self_: Option<Href>,
}

/// `Tenant` (tenants API).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Tenant {
    pub id: TenantId,
    pub name: String,
    /// Optional in Qlik's `Tenant`.
    #[serde(default)]
    pub hostnames: Vec<TenantHostname>,
    /// `active`, `disabled`, `deleted` or `user-access-disabled`; optional in Qlik's `Tenant`.
    pub status: Option<String>,
    pub region: Option<String>,
    pub datacenter: Option<String>,
}

/// A tenant as the organization API (`GET console.<domain>/api/core/tenants`) lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrgTenant {
    pub id: TenantId,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub hostnames: Vec<TenantHostname>,
    /// `active`, `disabled`, `deleted` or `deactivated`.
    pub status: String,
    /// Where the tenant lives; whether Qlik writes a datacenter (`us-east-1`) or a region
    /// (`us`) here is unconfirmed (the emulator writes the datacenter).
    pub region_code: Option<String>,
    /// Who created the tenant (for a tenant created by API, the OAuth client).
    pub created_by: Option<String>,
    /// RFC 3339 creation time.
    pub created_at: String,
    /// RFC 3339 time of the last change.
    pub updated_at: Option<String>,
}

/// `User` (users API).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: UserId,
    pub tenant_id: TenantId,
    pub subject: String,
    pub name: Option<String>,
    pub email: Option<String>,
    /// `active`, `invited`, `disabled`, `deleted` or `provisioned`; optional in Qlik's `User`.
    pub status: Option<String>,
}

/// `NxAttributes` (every field optional in Qlik's type); `spaceId` is read because Qlik's own
/// tutorial reads it. Qlik writes `""` for an unset string, read here as `None`. Without an
/// `id` the app cannot be acted on, so it stays required (a list skips such an element).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NxAppAttributes {
    pub id: AppId,
    #[serde(default)]
    pub name: String,
    #[serde(default, deserialize_with = "de_non_empty")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "de_non_empty")]
    pub owner_id: Option<String>,
    #[serde(default, deserialize_with = "de_non_empty_id")]
    pub space_id: Option<SpaceId>,
    #[serde(default, deserialize_with = "de_non_empty_id")]
    pub origin_app_id: Option<AppId>,
    /// "empty if unpublished" (Qlik's `NxAttributes.publishTime`).
    #[serde(default, deserialize_with = "de_non_empty")]
    pub publish_time: Option<String>,
    /// In Qlik Cloud: the app was distributed from a client-managed site (not "published";
    /// `publishTime` tells that).
    pub published: Option<bool>,
}

/// `NxApp` (apps API).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NxApp {
    /// Optional in Qlik's `NxApp`, but an app answer without it cannot be understood.
    pub attributes: NxAppAttributes,
    #[serde(default)]
    pub privileges: Vec<String>,
}

/// `ItemResultResponseBody` (items API).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    pub id: String,
    pub name: String,
    pub resource_type: String,
    /// The app's id: oem-hub lists only `resourceType=app` items.
    #[serde(default, deserialize_with = "de_non_empty_id")]
    pub resource_id: Option<AppId>,
    /// `""` (or absent) for an item outside any space.
    #[serde(default, deserialize_with = "de_non_empty_id")]
    pub space_id: Option<SpaceId>,
    /// `unknown` in Qlik's type: an app item's attributes that cannot be read are dropped.
    #[serde(default, deserialize_with = "lenient_attributes")]
    pub resource_attributes: Option<NxAppAttributes>,
}

/// One page of `GET /api/v1/items`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemList {
    pub data: Vec<Item>,
    #[serde(default)]
    pub links: Links,
}

/// `GET /api/v1/licenses/overview`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LicenseOverview {
    pub license_key: String,
    pub license_number: Option<String>,
    pub status: Option<String>,
}

/// `IDP` (identity-providers API), the fields oem-hub reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IdentityProvider {
    pub id: IdpId,
    /// Optional in Qlik's `IDP` types; absent reads as `""`, which matches no protocol oem-hub
    /// looks for.
    #[serde(default)]
    pub protocol: String,
    /// Optional in Qlik's `IDP` types (a built-in IdP may have none); absent reads as `""`.
    #[serde(default)]
    pub provider: String,
    pub active: Option<bool>,
    pub description: Option<String>,
}

/// A web integration (web-integrations API).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebIntegration {
    /// Optional in Qlik's type, but one without an id cannot be acted on.
    pub id: WebIntegrationId,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub valid_origins: Vec<String>,
}

/// `CSPEntry` (csp-origins API), the fields oem-hub reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CspEntry {
    pub id: CspEntryId,
    pub origin: String,
    pub name: Option<String>,
    pub frame_ancestors: Option<bool>,
}

/// `Space` (spaces API), the fields oem-hub reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Space {
    pub id: SpaceId,
    pub name: String,
    /// Optional in Qlik's `Space`; absent reads as `""`, which is none of the three types.
    #[serde(default, rename = "type")]
    pub space_type: String,
}

/// `Assignment` (spaces API).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Assignment {
    pub id: AssignmentId,
    #[serde(rename = "type")]
    pub kind: String,
    /// A group's or a user's id, by `kind`.
    pub assignee_id: String,
    pub roles: Vec<String>,
}

/// `Group` (groups API).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    pub id: GroupId,
    pub name: String,
    /// Qlik tells an `idp` and a `custom` group of one name apart; absent means `idp`, the
    /// documented default of `GroupPostSchema`.
    #[serde(default)]
    pub provider_type: ProviderType,
    /// The roles the group grants its members.
    #[serde(default)]
    pub assigned_roles: Vec<AssignedRole>,
}

/// A group's `providerType`. oem-hub uses `Idp` end to end: JWT logins fill `idp` groups, so
/// the groups it creates and the ones it assigns impersonated users to are `idp` too.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProviderType {
    #[default]
    Idp,
    Custom,
}

/// An element of `assignedRoles` (groups, users): a role reference with its name and level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignedRole {
    pub id: String,
    pub name: String,
    /// `admin` or `user`.
    pub level: Option<String>,
    /// `default` or `custom`.
    #[serde(rename = "type")]
    pub role_type: Option<String>,
}

/// `Role` (roles API): a default or custom tenant role, assignable to users and groups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    pub id: String,
    pub name: String,
    /// `default` or `custom`.
    #[serde(rename = "type")]
    pub role_type: String,
    /// `admin` or `user` (optional in Qlik's schema).
    pub level: Option<String>,
    pub description: Option<String>,
}

/// A data connection (data-connections API).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataConnection {
    #[serde(rename = "qID")]
    pub id: DataConnectionId,
    #[serde(rename = "qName")]
    pub name: String,
}

/// `Reload` (reloads API).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reload {
    pub id: ReloadId,
    pub app_id: AppId,
    pub status: super::ReloadStatus,
    pub log: Option<String>,
    pub error_message: Option<String>,
    /// `type`: who started it (`hub`, `external`, `chronos` = Qlik's scheduler, …).
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// `creationTime`, `startTime?`, `endTime?`: RFC 3339 text, kept as sent (an odd one
    /// must not fail the whole reload) and read by `provision::reloads`.
    pub creation_time: Option<String>,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
}

impl Reload {
    /// True once the reload can no longer change.
    pub fn is_finished(&self) -> bool {
        self.status.is_finished()
    }
}

/// `Item.resourceAttributes` is `unknown` in Qlik's type: attributes that are not an app's
/// (another resource type, or an odd app) read as `None` instead of failing the item.
fn lenient_attributes<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<NxAppAttributes>, D::Error> {
    let value = Option::<serde_json::Value>::deserialize(d)?;
    Ok(value.and_then(|v| serde_json::from_value(v).ok()))
}
