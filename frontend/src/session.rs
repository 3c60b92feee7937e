//! Who is signed in, shared by every page through context, and refreshed after sign-in,
//! sign-up and sign-out.

use leptos::{prelude::*, task::spawn_local};
use shared::Role;

use crate::api::{
    self,
    documents::{Me as MeDocument, me, sign_in},
};

/// The signed-in person, with the roles they hold and where.
pub type Me = me::MeMe;

/// Who signing in signed in: the same person `me` answers with.
impl From<sign_in::SignInSignIn> for Me {
    fn from(person: sign_in::SignInSignIn) -> Self {
        Self {
            id: person.id,
            display_name: person.display_name,
            email: person.email,
            phone: person.phone,
            memberships: person
                .memberships
                .into_iter()
                .map(|m| me::MeMeMemberships {
                    id: m.id,
                    role: m.role,
                    organization: m.organization.map(|o| me::MeMeMembershipsOrganization {
                        id: o.id,
                        name: o.name,
                    }),
                })
                .collect(),
        }
    }
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
            let me = api::run::<MeDocument>(me::Variables)
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
