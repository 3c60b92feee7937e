//! Who is signed in, shared by every page through context, and refreshed after sign-in,
//! sign-up and sign-out.

use leptos::{prelude::*, task::spawn_local};
use serde::Deserialize;
use shared::Role;

use crate::api;

const ME: &str = include_str!("../graphql/me.graphql");

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Me {
    pub id: String,
    pub display_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub memberships: Vec<MembershipView>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct MembershipView {
    pub id: String,
    pub role: Role,
    pub organization: Option<OrganizationRef>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct OrganizationRef {
    pub id: String,
    pub name: String,
}

#[derive(Deserialize)]
struct MeData {
    me: Option<Me>,
}

impl Me {
    pub fn login(&self) -> &str {
        self.email
            .as_deref()
            .or(self.phone.as_deref())
            .unwrap_or_default()
    }

    pub fn holds(&self, role: Role) -> bool {
        self.memberships.iter().any(|m| m.role == role)
    }

    /// Where this person lands after signing in: their home, with what awaits them by the
    /// part they play (`/work`).
    pub const fn landing(&self) -> &'static str {
        "/work"
    }
}

/// The session as the app knows it.
#[derive(Debug, Clone, Copy)]
pub struct Session {
    pub me: RwSignal<Option<Me>>,
    /// False until the first answer: guarded pages wait instead of refusing too early.
    pub ready: RwSignal<bool>,
}

impl Session {
    pub fn provide() -> Self {
        let session = Self {
            me: RwSignal::new(None),
            ready: RwSignal::new(false),
        };
        provide_context(session);
        session.refresh();
        session
    }

    /// Asks the server who is signed in (the cookie is HttpOnly: only the server knows).
    pub fn refresh(self) {
        spawn_local(async move {
            let me = api::graphql::<_, MeData>(ME, serde_json::json!({}))
                .await
                .ok()
                .and_then(|data| data.me);
            self.me.set(me);
            self.ready.set(true);
        });
    }
}

pub fn use_session() -> Session {
    use_context::<Session>().unwrap_or_else(|| Session {
        me: RwSignal::new(None),
        ready: RwSignal::new(true),
    })
}
