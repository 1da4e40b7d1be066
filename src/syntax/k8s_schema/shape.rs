//! The fast path of the schema check: an object's tree walked against the shape of its
//! `k8s-openapi` type, without building the typed value.
//!
//! Deserializing into the typed object ([`super::typed`]) is exact but costly: it
//! allocates every string, list and map of the object, runs a large amount of visitor
//! code and drops it all again. Most objects have no schema problem, so the walk here
//! answers one question first: could the typed check find anything in this object? Only
//! when it could does the typed check run, and it alone words the findings.
//!
//! The walk is conservative by construction. It says "clean" only when every value has
//! a type its field accepts and every key is a field of its type; anything it does not
//! model exactly (an unknown visitor, a float for an integer field, a quantity string
//! that does not parse) sends the object to the typed check. A test compares the two on
//! every fixture and on mutated objects: "clean" must always mean no finding.
//!
//! The shapes are not written by hand. They are read off the types' own `Deserialize`
//! impls by a probing deserializer: to learn the type of field `f` of a struct reached
//! by path `p` from a root type, the root is deserialized from a probe that follows `p`
//! (a one-entry map per struct, a one-element list per list) and then records which
//! `deserialize_*` method the field's type calls, and with what visitor. Structs are
//! described lazily, the first time a walk reaches one, once per thread.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, Visitor};
use serde::Deserialize;

use super::node_de::{self, kind, Kind};
use super::typed::is_quantity;
use super::Scalar;
use crate::syntax::yaml::Node;

/// One step of the path the probe follows from the root type.
#[derive(Clone, Copy, Debug)]
enum PStep {
    /// A struct field, or (with an arbitrary key) a map's value.
    Key(&'static str),
    /// A list's element.
    Elem,
}

/// What the probe saw where its path ended.
#[derive(Debug)]
enum Found {
    /// The type skips this key (`IgnoredAny`): not a field.
    Ignored,
    /// Any JSON value (`serde_json::Value`).
    Any,
    Bool,
    Int(IntKind),
    Float,
    Str,
    Leaf(Leaf),
    /// Something the walk does not model: a value there goes to the typed check.
    Slow,
    Seq(Box<Found>),
    Map(Box<Found>),
    /// A struct: its visitor's type name (a unique key) and its field names.
    Struct(&'static str, &'static [&'static str]),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum IntKind {
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
}

impl IntKind {
    /// Whether serde's visitor of this integer type accepts `i` (visited as `u64` when
    /// it is not negative, as `i64` otherwise, as [`node_de`] does).
    fn holds(self, i: i64) -> bool {
        match self {
            IntKind::I8 => i8::try_from(i).is_ok(),
            IntKind::I16 => i16::try_from(i).is_ok(),
            IntKind::I32 => i32::try_from(i).is_ok(),
            IntKind::I64 => true,
            IntKind::U8 => u8::try_from(i).is_ok(),
            IntKind::U16 => u16::try_from(i).is_ok(),
            IntKind::U32 => u32::try_from(i).is_ok(),
            IntKind::U64 => i >= 0,
        }
    }
}

/// Types with their own `Deserialize` logic: a value of one is checked by running that
/// logic on the node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Leaf {
    Quantity,
    IntOrString,
    Time,
    MicroTime,
    Bytes,
}

impl Leaf {
    fn accepts(self, node: &Node<'_>, k: &Kind<'_, '_>) -> bool {
        use k8s_openapi::apimachinery::pkg::apis::meta::v1::{MicroTime, Time};
        match (self, k) {
            // the visitors of these two take any string and the integers (a quantity also
            // floats) and nothing else; the typed check also reports a quantity string
            // the API server cannot parse
            (Leaf::Quantity, Kind::Scalar(Scalar::Str(q))) => is_quantity(q.trim()),
            (Leaf::Quantity, Kind::Scalar(Scalar::Int(_) | Scalar::Float(_))) => true,
            (Leaf::IntOrString, Kind::Scalar(Scalar::Str(_))) => true,
            (Leaf::IntOrString, Kind::Scalar(Scalar::Int(i))) => IntKind::I32.holds(*i),
            (Leaf::Quantity | Leaf::IntOrString, _) => false,
            // rare in manifests: the type's own `Deserialize` decides
            (Leaf::Time | Leaf::MicroTime | Leaf::Bytes, _) => {
                let st = node_de::State::default();
                let de = node_de::De {
                    node,
                    chain: &node_de::Chain::Root,
                    st: &st,
                };
                match self {
                    Leaf::Time => Time::deserialize(de).is_ok(),
                    Leaf::MicroTime => MicroTime::deserialize(de).is_ok(),
                    _ => k8s_openapi::ByteString::deserialize(de).is_ok(),
                }
            }
        }
    }
}

/// The probe's error: it stops every probe, carrying what was found (`None` when the
/// type raised an error of its own).
#[derive(Debug)]
pub(super) struct Stop(Option<Found>);

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "probe stopped: {:?}", self.0)
    }
}

impl std::error::Error for Stop {}

impl de::Error for Stop {
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        Stop(None)
    }
}

fn stop<T>(f: Found) -> Result<T, Stop> {
    Err(Stop(Some(f)))
}

/// What a probe that ran to its end found.
fn found<T>(r: Result<T, Stop>) -> Found {
    match r {
        Err(Stop(Some(f))) => f,
        _ => Found::Slow,
    }
}

/// The visitor's own description of what it expects ("a string", "IntOrString").
fn expecting<'de, V: Visitor<'de>>(v: &V) -> String {
    struct E<'a, V>(&'a V);
    impl<'de, V: Visitor<'de>> fmt::Display for E<'_, V> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            self.0.expecting(f)
        }
    }
    E(v).to_string()
}

/// The probing deserializer: follows `rest`, then records the type it reaches.
pub(super) struct Probe<'p> {
    rest: &'p [PStep],
}

/// Deserialize the root type from a probe.
pub(super) type ProbeRoot = fn(Probe<'_>) -> Result<(), Stop>;

pub(super) fn probe_root<T: serde::de::DeserializeOwned>(p: Probe<'_>) -> Result<(), Stop> {
    T::deserialize(p).map(drop)
}

/// Methods that end a probe with a fixed finding (and fail it midway).
macro_rules! leaf_methods {
    ($($method:ident => $found:expr),* $(,)?) => {
        $(
            fn $method<V: Visitor<'de>>(self, _v: V) -> Result<V::Value, Stop> {
                if self.rest.is_empty() {
                    stop($found)
                } else {
                    Err(Stop(None))
                }
            }
        )*
    };
}

impl<'de> Deserializer<'de> for Probe<'_> {
    type Error = Stop;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Stop> {
        if !self.rest.is_empty() {
            return Err(Stop(None));
        }
        stop(match expecting(&v).as_str() {
            "IntOrString" => Found::Leaf(Leaf::IntOrString),
            "any valid JSON value" => Found::Any,
            _ => Found::Slow,
        })
    }

    leaf_methods!(
        deserialize_bool => Found::Bool,
        deserialize_i8 => Found::Int(IntKind::I8),
        deserialize_i16 => Found::Int(IntKind::I16),
        deserialize_i32 => Found::Int(IntKind::I32),
        deserialize_i64 => Found::Int(IntKind::I64),
        deserialize_u8 => Found::Int(IntKind::U8),
        deserialize_u16 => Found::Int(IntKind::U16),
        deserialize_u32 => Found::Int(IntKind::U32),
        deserialize_u64 => Found::Int(IntKind::U64),
        deserialize_f32 => Found::Float,
        deserialize_f64 => Found::Float,
        deserialize_char => Found::Slow,
        deserialize_bytes => Found::Slow,
        deserialize_byte_buf => Found::Slow,
        deserialize_unit => Found::Slow,
        deserialize_identifier => Found::Slow,
        deserialize_ignored_any => Found::Ignored,
    );

    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Stop> {
        if !self.rest.is_empty() {
            return Err(Stop(None));
        }
        stop(match expecting(&v).as_str() {
            "a string" => Found::Str,
            "a base64-encoded string" => Found::Leaf(Leaf::Bytes),
            _ => Found::Slow,
        })
    }

    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Stop> {
        self.deserialize_str(v)
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Stop> {
        // null is accepted wherever the walk looks (see `Schema::clean`): an option is
        // its inner type
        v.visit_some(self)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        v: V,
    ) -> Result<V::Value, Stop> {
        self.deserialize_unit(v)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        v: V,
    ) -> Result<V::Value, Stop> {
        if self.rest.is_empty() {
            match name {
                "Quantity" => return stop(Found::Leaf(Leaf::Quantity)),
                "Time" => return stop(Found::Leaf(Leaf::Time)),
                "MicroTime" => return stop(Found::Leaf(Leaf::MicroTime)),
                _ => {}
            }
        }
        v.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Stop> {
        match self.rest.split_first() {
            None => {
                let elem = found(v.visit_seq(One::new("", &[])));
                stop(Found::Seq(Box::new(elem)))
            }
            Some((PStep::Elem, rest)) => v.visit_seq(One::new("", rest)),
            Some(_) => Err(Stop(None)),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Stop> {
        match self.rest.split_first() {
            None => {
                let value = found(v.visit_map(One::new("", &[])));
                stop(Found::Map(Box::new(value)))
            }
            Some((PStep::Key(k), rest)) => v.visit_map(One::new(k, rest)),
            Some(_) => Err(Stop(None)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Stop> {
        match self.rest.split_first() {
            None => stop(Found::Struct(std::any::type_name::<V>(), fields)),
            Some((PStep::Key(k), rest)) => v.visit_map(One::new(k, rest)),
            Some(_) => Err(Stop(None)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, v: V) -> Result<V::Value, Stop> {
        self.deserialize_unit(v)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        v: V,
    ) -> Result<V::Value, Stop> {
        self.deserialize_unit(v)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Stop> {
        self.deserialize_unit(v)
    }
}

/// A map of one entry (`key`) or a list of one element, whose value the probe follows
/// further along `rest`.
struct One<'p> {
    key: &'static str,
    rest: &'p [PStep],
    done: bool,
}

impl<'p> One<'p> {
    fn new(key: &'static str, rest: &'p [PStep]) -> Self {
        One {
            key,
            rest,
            done: false,
        }
    }

    /// True the first time only: the map has one entry, the list one element.
    fn first(&mut self) -> bool {
        !std::mem::replace(&mut self.done, true)
    }
}

impl<'de> de::MapAccess<'de> for One<'_> {
    type Error = Stop;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Stop> {
        if !self.first() {
            return Ok(None);
        }
        let k: de::value::StrDeserializer<'_, Stop> = self.key.into_deserializer();
        seed.deserialize(k).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Stop> {
        seed.deserialize(Probe { rest: self.rest })
    }
}

impl<'de> de::SeqAccess<'de> for One<'_> {
    type Error = Stop;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Stop> {
        if !self.first() {
            return Ok(None);
        }
        seed.deserialize(Probe { rest: self.rest }).map(Some)
    }
}

/// A type as the walk sees it (`Copy`: nested types are indices into the schema).
#[derive(Clone, Copy, Debug)]
enum Ty {
    Ignored,
    Any,
    Bool,
    Int(IntKind),
    Float,
    Str,
    Leaf(Leaf),
    Slow,
    /// A list of `elems[i]`.
    Seq(u32),
    /// A map of string keys to `elems[i]`.
    Map(u32),
    Struct(u32),
}

struct StructDesc {
    root: ProbeRoot,
    /// How the probe reaches this struct from `root`.
    path: Vec<PStep>,
    names: &'static [&'static str],
    /// The fields, sorted by [`by_len`], once described.
    fields: Option<Vec<(&'static str, Ty)>>,
}

/// The shapes described so far on this thread.
#[derive(Default)]
struct Schema {
    elems: Vec<Ty>,
    structs: Vec<StructDesc>,
    by_visitor: HashMap<&'static str, u32>,
    /// The root type of each entry of the kinds table, by its index there.
    roots: Vec<Option<Ty>>,
}

/// Field names ordered by length first: most comparisons of a lookup end there.
fn by_len(a: &str, b: &str) -> std::cmp::Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// Deeper than any built-in type nests; a walk that gets there leaves it to the typed
/// check.
const MAX_DEPTH: u32 = 64;

impl Schema {
    fn intern(&mut self, f: Found, root: ProbeRoot, path: &mut Vec<PStep>) -> Ty {
        match f {
            Found::Ignored => Ty::Ignored,
            Found::Any => Ty::Any,
            Found::Bool => Ty::Bool,
            Found::Int(k) => Ty::Int(k),
            Found::Float => Ty::Float,
            Found::Str => Ty::Str,
            Found::Leaf(l) => Ty::Leaf(l),
            Found::Slow => Ty::Slow,
            Found::Seq(inner) => Ty::Seq(self.elem(*inner, PStep::Elem, root, path)),
            Found::Map(inner) => Ty::Map(self.elem(*inner, PStep::Key(""), root, path)),
            Found::Struct(visitor, names) => {
                if let Some(&id) = self.by_visitor.get(visitor) {
                    return Ty::Struct(id);
                }
                let id = self.structs.len() as u32;
                self.structs.push(StructDesc {
                    root,
                    path: path.clone(),
                    names,
                    fields: None,
                });
                self.by_visitor.insert(visitor, id);
                Ty::Struct(id)
            }
        }
    }

    /// The element type of a list (`step` `Elem`) or a map (any key), interned.
    fn elem(&mut self, inner: Found, step: PStep, root: ProbeRoot, path: &mut Vec<PStep>) -> u32 {
        path.push(step);
        let t = self.intern(inner, root, path);
        path.pop();
        self.elems.push(t);
        (self.elems.len() - 1) as u32
    }

    fn root(&mut self, index: usize, root: ProbeRoot) -> Ty {
        if self.roots.len() <= index {
            self.roots.resize(index + 1, None);
        }
        if let Some(t) = self.roots[index] {
            return t;
        }
        let f = found(root(Probe { rest: &[] }));
        let t = self.intern(f, root, &mut Vec::new());
        self.roots[index] = Some(t);
        t
    }

    /// Probe the type of each field of struct `id`, once.
    fn describe(&mut self, id: u32) {
        let s = &self.structs[id as usize];
        if s.fields.is_some() {
            return;
        }
        let (root, names, mut path) = (s.root, s.names, s.path.clone());
        let mut fields = Vec::with_capacity(names.len());
        for &name in names {
            path.push(PStep::Key(name));
            let f = found(root(Probe { rest: &path }));
            let t = self.intern(f, root, &mut path);
            path.pop();
            fields.push((name, t));
        }
        fields.sort_unstable_by(|a, b| by_len(a.0, b.0));
        self.structs[id as usize].fields = Some(fields);
    }

    fn field(&self, id: u32, key: &str) -> Ty {
        let Some(fields) = self.structs[id as usize].fields.as_ref() else {
            return Ty::Slow;
        };
        match fields.binary_search_by(|(n, _)| by_len(n, key)) {
            Ok(i) => fields[i].1,
            Err(_) => Ty::Ignored,
        }
    }

    /// Whether the typed check would accept `node` as `ty` without a finding; `top`
    /// for the object itself (whose `status` the typed check skips).
    fn clean(&mut self, node: &Node<'_>, ty: Ty, top: bool, depth: u32) -> bool {
        let k = kind(node);
        // null (and an unrendered `{{ x }}`) is never a finding: an absent optional
        // value, or a required one the typed check repairs quietly
        if matches!(k, Kind::Scalar(Scalar::Null)) {
            return true;
        }
        if depth > MAX_DEPTH {
            return false;
        }
        match ty {
            Ty::Any => true,
            Ty::Slow | Ty::Ignored => false,
            Ty::Bool => matches!(k, Kind::Scalar(Scalar::Bool(_))),
            Ty::Int(ik) => matches!(k, Kind::Scalar(Scalar::Int(i)) if ik.holds(i)),
            Ty::Float => matches!(k, Kind::Scalar(Scalar::Int(_) | Scalar::Float(_))),
            Ty::Str => matches!(k, Kind::Scalar(Scalar::Str(_))),
            Ty::Leaf(l) => matches!(k, Kind::Scalar(_)) && l.accepts(node, &k),
            Ty::Seq(e) => match k {
                Kind::Seq(items) => {
                    let et = self.elems[e as usize];
                    items.iter().all(|n| self.clean(n, et, false, depth + 1))
                }
                _ => false,
            },
            Ty::Map(e) => match k {
                Kind::Map(entries) => {
                    let et = self.elems[e as usize];
                    entries
                        .iter()
                        .all(|en| self.clean(&en.value, et, false, depth + 1))
                }
                _ => false,
            },
            Ty::Struct(id) => match k {
                Kind::Map(entries) => {
                    self.describe(id);
                    entries.iter().all(|en| {
                        let key = en.key.as_str().unwrap_or("");
                        if top && key == "status" {
                            return true;
                        }
                        // an unknown key is `Ignored`: clean only when its value is null
                        let t = self.field(id, key);
                        self.clean(&en.value, t, false, depth + 1)
                    })
                }
                _ => false,
            },
        }
    }
}

thread_local! {
    static SCHEMA: RefCell<Schema> = RefCell::new(Schema::default());
}

/// True when the typed check of `node` as the root type `root` (entry `index` of the
/// kinds table) cannot find anything; false when it may.
pub(super) fn clean(index: usize, root: ProbeRoot, node: &Node<'_>) -> bool {
    SCHEMA.with(|s| {
        let Ok(mut s) = s.try_borrow_mut() else {
            return false;
        };
        let ty = s.root(index, root);
        s.clean(node, ty, true, 0)
    })
}
