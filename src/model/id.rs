//! [`Id`]: an identifier held once however many elements name it.

use std::borrow::Borrow;
use std::collections::HashSet;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// An organisation's or a kind's id as a relation names it: one shared
/// allocation per distinct id, however many relations name it. As a
/// `String` each end and kind of each relation took 24 bytes and an
/// allocation of its own, ~60 MB at 300,000 relations (issue 16).
///
/// It reads as a `&str` (it derefs to one) and compares with `str`,
/// `&str` and `String`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id(Arc<str>);

impl Id {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Id {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Id {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Id {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl From<&str> for Id {
    fn from(s: &str) -> Self {
        Self(s.into())
    }
}

impl From<String> for Id {
    fn from(s: String) -> Self {
        Self(s.into())
    }
}

impl From<Id> for String {
    fn from(id: Id) -> Self {
        id.0.to_string()
    }
}

impl PartialEq<str> for Id {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Id {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Id {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Id> for str {
    fn eq(&self, other: &Id) -> bool {
        self == &*other.0
    }
}

impl PartialEq<Id> for &str {
    fn eq(&self, other: &Id) -> bool {
        *self == &*other.0
    }
}

impl PartialEq<Id> for String {
    fn eq(&self, other: &Id) -> bool {
        **self == *other.0
    }
}

impl<'de> serde::Deserialize<'de> for Id {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Self::from)
    }
}

impl serde::Serialize for Id {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// Hands out one [`Id`] per distinct text.
#[derive(Default)]
pub struct Interner {
    ids: HashSet<Id>,
}

impl Interner {
    /// The [`Id`] of `text`, made on first use and shared after.
    pub fn id(&mut self, text: &str) -> Id {
        if let Some(id) = self.ids.get(text) {
            return id.clone();
        }
        self.adopt(Id::from(text))
    }

    /// The [`Id`] already handed out for `id`'s text, else `id` itself,
    /// kept for the next: an id made elsewhere is shared, not copied.
    pub fn adopt(&mut self, id: Id) -> Id {
        if let Some(known) = self.ids.get(id.as_str()) {
            return known.clone();
        }
        self.ids.insert(id.clone());
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_allocation_per_distinct_text() {
        let mut interner = Interner::default();
        let a = interner.id("petrograd-soviet");
        let b = interner.id(&String::from("petrograd-soviet"));
        let c = interner.id("moscow-soviet");
        assert!(Arc::ptr_eq(&a.0, &b.0));
        assert!(!Arc::ptr_eq(&a.0, &c.0));
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn reads_and_compares_as_text() {
        let id = Id::from("cec");
        assert_eq!(id, "cec");
        assert_eq!(id, *"cec");
        assert_eq!(id, String::from("cec"));
        assert_eq!("cec", id);
        assert_eq!(String::from("cec"), id);
        assert_eq!(id.len(), 3);
        assert_eq!(format!("{id} {id:?}"), "cec \"cec\"");
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"cec\"");
        let mut ids = vec![Id::from("b"), Id::from("a")];
        ids.sort();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(String::from(id), "cec");
    }
}
