//! The server-side object model: objects a meter implements, dispatched with
//! per-association access rights.
//!
//! A meter implements [`CosemObject`] for each object it serves: `get` writes an
//! attribute's A-XDR encoding into the caller's buffer (no allocator needed), `set` takes
//! the new value as a [`DataRef`], `action` takes the parameters and may write a result.
//! Failures are the codes the response carries ([`DataAccessResult`], [`ActionResult`]).
//!
//! A [`Directory`] finds objects by logical name; [`Server`] checks each request against
//! the association's [`AccessPolicy`] (the access rights of its object list) before it
//! calls the object, and maps an unknown object or class to the right result code. With
//! `alloc`, [`Served`] serves any typed [`InterfaceClass`](crate::InterfaceClass) object.
//!
//! ```
//! use cosem_objects::access::{AttributeAccess, MethodAccess};
//! use cosem_objects::model::{AccessTable, CosemObject, Context, ObjectAccess, Server};
//! use cosem_objects::{ClassId, ObisCode};
//! use dlms_apdu::descriptor::AttributeDescriptor;
//! use dlms_apdu::registry::{ActionResult, DataAccessResult};
//! use dlms_apdu::DataRef;
//!
//! /// An energy register that only reads.
//! struct Energy(u32);
//!
//! impl CosemObject for Energy {
//!     fn class_id(&self) -> ClassId { ClassId::REGISTER }
//!     fn logical_name(&self) -> ObisCode { ObisCode::new(1, 0, 1, 8, 0, 255) }
//!     fn get(&self, attribute: i8, _: Option<&dlms_apdu::descriptor::SelectiveAccess<'_>>, out: &mut [u8])
//!         -> Result<usize, cosem_objects::model::ObjectError<DataAccessResult>> {
//!         let v = match attribute {
//!             2 => DataRef::DoubleLongUnsigned(self.0),
//!             _ => return Err(DataAccessResult::OBJECT_UNDEFINED.into()),
//!         };
//!         cosem_objects::model::emit(&v, out)
//!     }
//!     fn set(&mut self, _: i8, _: &DataRef<'_>) -> Result<(), DataAccessResult> {
//!         Err(DataAccessResult::READ_WRITE_DENIED)
//!     }
//!     fn action(&mut self, _: i8, _: &DataRef<'_>, _: &mut [u8])
//!         -> Result<Option<usize>, cosem_objects::model::ObjectError<ActionResult>> {
//!         Err(ActionResult::OBJECT_UNDEFINED.into())
//!     }
//! }
//!
//! let mut energy = Energy(12345);
//! let mut objects: [&mut dyn CosemObject; 1] = [&mut energy];
//! let rights = [ObjectAccess {
//!     class_id: ClassId::REGISTER,
//!     logical_name: ObisCode::new(1, 0, 1, 8, 0, 255),
//!     attributes: &[AttributeAccess::READ_ONLY, AttributeAccess::READ_ONLY],
//!     methods: &[MethodAccess::NO_ACCESS],
//! }];
//! let mut server = Server::new(&mut objects[..], AccessTable::new(&rights));
//! let mut out = [0u8; 8];
//! let at = AttributeDescriptor::new(ClassId::REGISTER, [1, 0, 1, 8, 0, 255], 2);
//! let n = server.get(Context::default(), &at, None, &mut out)?;
//! assert_eq!(&out[..n], &[0x06, 0x00, 0x00, 0x30, 0x39]);
//! // Attribute 3 is not in the rights table: denied before the object is asked.
//! let at3 = AttributeDescriptor::new(ClassId::REGISTER, [1, 0, 1, 8, 0, 255], 3);
//! assert_eq!(server.get(Context::default(), &at3, None, &mut out),
//!            Err(DataAccessResult::READ_WRITE_DENIED.into()));
//! # Ok::<(), cosem_objects::model::ObjectError<DataAccessResult>>(())
//! ```

use dlms_apdu::DataRef;
use dlms_apdu::descriptor::{AttributeDescriptor, MethodDescriptor, SelectiveAccess};
use dlms_apdu::registry::{ActionResult, DataAccessResult};

use crate::access::{AttributeAccess, MethodAccess};
use crate::class::ClassId;
use crate::error::Error;
use crate::obis::ObisCode;

/// Why an object could not answer: a result code for the response, or an output buffer
/// too small for the answer (the caller may retry with a larger one, or send the value in
/// blocks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ObjectError<R> {
    /// The request fails with this result.
    Result(R),
    /// The output buffer is too small; `needed` octets would do.
    BufferTooSmall {
        /// Octets the answer needs.
        needed: usize,
    },
}

impl<R> From<R> for ObjectError<R> {
    fn from(r: R) -> Self {
        Self::Result(r)
    }
}

impl<R: core::fmt::Debug> core::fmt::Display for ObjectError<R> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Result(r) => write!(f, "request failed: {r:?}"),
            Self::BufferTooSmall { needed } => {
                write!(f, "output buffer too small: {needed} octets needed")
            }
        }
    }
}

impl<R: core::fmt::Debug> core::error::Error for ObjectError<R> {}

/// Writes `value`'s encoding into `out`, as `get` implementations finish.
///
/// # Errors
/// [`ObjectError::BufferTooSmall`] when `out` is shorter than the encoding.
pub fn emit<R>(value: &DataRef<'_>, out: &mut [u8]) -> Result<usize, ObjectError<R>> {
    let needed = value.buffer_len();
    // A too-short buffer is the one error `emit` returns.
    value
        .emit(out)
        .map_err(|_| ObjectError::BufferTooSmall { needed })
}

/// One COSEM object as a server serves it.
pub trait CosemObject {
    /// The object's interface class.
    fn class_id(&self) -> ClassId;

    /// The object's logical name.
    fn logical_name(&self) -> ObisCode;

    /// Writes the A-XDR encoding of attribute `attribute` (selected by `selection`, when
    /// given) into `out`; returns the octets written.
    ///
    /// # Errors
    /// The data-access-result for the response, or [`ObjectError::BufferTooSmall`].
    fn get(
        &self,
        attribute: i8,
        selection: Option<&SelectiveAccess<'_>>,
        out: &mut [u8],
    ) -> Result<usize, ObjectError<DataAccessResult>>;

    /// Sets attribute `attribute` to `value`.
    ///
    /// # Errors
    /// The data-access-result for the response (`type-unmatched` for a value of the wrong
    /// type, for example).
    fn set(&mut self, attribute: i8, value: &DataRef<'_>) -> Result<(), DataAccessResult>;

    /// Invokes method `method` with `parameters`; writes the return parameters, if the
    /// method has any, into `out` and returns their length.
    ///
    /// # Errors
    /// The action-result for the response, or [`ObjectError::BufferTooSmall`].
    fn action(
        &mut self,
        method: i8,
        parameters: &DataRef<'_>,
        out: &mut [u8],
    ) -> Result<Option<usize>, ObjectError<ActionResult>>;
}

/// The objects a server holds, found by logical name.
pub trait Directory {
    /// The object named `logical_name`.
    fn object(&self, logical_name: ObisCode) -> Option<&dyn CosemObject>;

    /// The object named `logical_name`, to change.
    fn object_mut(&mut self, logical_name: ObisCode) -> Option<&mut dyn CosemObject>;
}

/// A slice of objects is a directory (searched in order; fine for the few dozen objects of
/// a meter).
impl Directory for [&mut dyn CosemObject] {
    fn object(&self, logical_name: ObisCode) -> Option<&dyn CosemObject> {
        self.iter()
            .find(|o| o.logical_name() == logical_name)
            .map(|o| &**o)
    }

    fn object_mut(&mut self, logical_name: ObisCode) -> Option<&mut dyn CosemObject> {
        let o = self.iter_mut().find(|o| o.logical_name() == logical_name)?;
        Some(&mut **o)
    }
}

/// What the server knows about the request beyond its descriptor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Context {
    /// Whether the request arrived authenticated (ciphered with authentication, or on an
    /// association established with high-level security), which the `authenticated_*`
    /// access modes require.
    pub authenticated: bool,
}

/// The access rights of one association: for each object, each attribute's and method's
/// access mode, as the association's object list states them.
pub trait AccessPolicy {
    /// The access to attribute `attribute` of the object (`NO_ACCESS` for an object or
    /// attribute the association does not list).
    fn attribute_access(
        &self,
        class_id: ClassId,
        logical_name: ObisCode,
        attribute: i8,
    ) -> AttributeAccess;

    /// The access to method `method` of the object.
    fn method_access(&self, class_id: ClassId, logical_name: ObisCode, method: i8) -> MethodAccess;
}

/// Every attribute readable and writable and every method invocable (for tests and for
/// associations that impose no restriction).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct FullAccess;

impl AccessPolicy for FullAccess {
    fn attribute_access(&self, _: ClassId, _: ObisCode, _: i8) -> AttributeAccess {
        AttributeAccess::READ_WRITE
    }

    fn method_access(&self, _: ClassId, _: ObisCode, _: i8) -> MethodAccess {
        MethodAccess::ACCESS
    }
}

/// The access rights of one object: `attributes[i]` is attribute `i + 1`'s access,
/// `methods[i]` method `i + 1`'s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ObjectAccess<'a> {
    /// The object's class.
    pub class_id: ClassId,
    /// The object's logical name.
    pub logical_name: ObisCode,
    /// Access per attribute, from attribute 1.
    pub attributes: &'a [AttributeAccess],
    /// Access per method, from method 1.
    pub methods: &'a [MethodAccess],
}

/// An access policy from a table of [`ObjectAccess`], borrowed (no allocator).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AccessTable<'a> {
    objects: &'a [ObjectAccess<'a>],
}

impl<'a> AccessTable<'a> {
    /// A policy from the rights of each object; objects not listed have no access.
    #[must_use]
    pub const fn new(objects: &'a [ObjectAccess<'a>]) -> Self {
        Self { objects }
    }

    fn find(&self, class_id: ClassId, logical_name: ObisCode) -> Option<&ObjectAccess<'a>> {
        self.objects
            .iter()
            .find(|o| o.class_id == class_id && o.logical_name == logical_name)
    }
}

/// The entry of `table` for id `id` (from 1).
fn by_id<T: Copy>(table: &[T], id: i8) -> Option<T> {
    usize::try_from(id)
        .ok()
        .and_then(|i| i.checked_sub(1))
        .and_then(|i| table.get(i))
        .copied()
}

impl AccessPolicy for AccessTable<'_> {
    fn attribute_access(
        &self,
        class_id: ClassId,
        logical_name: ObisCode,
        attribute: i8,
    ) -> AttributeAccess {
        self.find(class_id, logical_name)
            .and_then(|o| by_id(o.attributes, attribute))
            .unwrap_or(AttributeAccess::NO_ACCESS)
    }

    fn method_access(&self, class_id: ClassId, logical_name: ObisCode, method: i8) -> MethodAccess {
        self.find(class_id, logical_name)
            .and_then(|o| by_id(o.methods, method))
            .unwrap_or(MethodAccess::NO_ACCESS)
    }
}

/// Where a request names an object that is missing, or of another class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lookup {
    Undefined,
    ClassInconsistent,
}

/// Dispatches GET, SET and ACTION requests of one association to a directory's objects,
/// checking the association's access rights first.
#[derive(Debug)]
pub struct Server<D: ?Sized, P> {
    policy: P,
    directory: D,
}

impl<D: Directory + ?Sized, P: AccessPolicy> Server<&mut D, P> {
    /// A server over `directory` with the access rights `policy`.
    pub fn new(directory: &mut D, policy: P) -> Server<&mut D, P> {
        Server { policy, directory }
    }

    /// The access rights in use.
    pub fn policy(&self) -> &P {
        &self.policy
    }

    fn check(&self, class_id: ClassId, ln: ObisCode) -> Result<(), Lookup> {
        match self.directory.object(ln) {
            None => Err(Lookup::Undefined),
            Some(o) if o.class_id() != class_id => Err(Lookup::ClassInconsistent),
            Some(_) => Ok(()),
        }
    }

    /// Answers a GET of one attribute: writes its encoding into `out`.
    ///
    /// # Errors
    /// `object-undefined` or `object-class-inconsistent` for an unknown object,
    /// `read-write-denied` when the association may not read the attribute (or must be
    /// authenticated and is not), else the object's error.
    pub fn get(
        &self,
        ctx: Context,
        at: &AttributeDescriptor,
        selection: Option<&SelectiveAccess<'_>>,
        out: &mut [u8],
    ) -> Result<usize, ObjectError<DataAccessResult>> {
        let ln = ObisCode(at.instance_id);
        self.check(at.class_id, ln).map_err(data_lookup)?;
        let access = self
            .policy
            .attribute_access(at.class_id, ln, at.attribute_id);
        if !access.can_read() || (access.needs_authentication() && !ctx.authenticated) {
            return Err(DataAccessResult::READ_WRITE_DENIED.into());
        }
        let object = self
            .directory
            .object(ln)
            .ok_or(DataAccessResult::OBJECT_UNDEFINED)?;
        object.get(at.attribute_id, selection, out)
    }

    /// Answers a SET of one attribute.
    ///
    /// # Errors
    /// As [`get`](Self::get), with write access in place of read access.
    pub fn set(
        &mut self,
        ctx: Context,
        at: &AttributeDescriptor,
        value: &DataRef<'_>,
    ) -> Result<(), DataAccessResult> {
        let ln = ObisCode(at.instance_id);
        self.check(at.class_id, ln).map_err(data_lookup)?;
        let access = self
            .policy
            .attribute_access(at.class_id, ln, at.attribute_id);
        if !access.can_write() || (access.needs_authentication() && !ctx.authenticated) {
            return Err(DataAccessResult::READ_WRITE_DENIED);
        }
        let object = self
            .directory
            .object_mut(ln)
            .ok_or(DataAccessResult::OBJECT_UNDEFINED)?;
        object.set(at.attribute_id, value)
    }

    /// Answers an ACTION: invokes the method and writes its return parameters, if any.
    ///
    /// # Errors
    /// `object-undefined`, `object-class-inconsistent`, `read-write-denied` when the
    /// association may not invoke the method, else the object's error.
    pub fn action(
        &mut self,
        ctx: Context,
        m: &MethodDescriptor,
        parameters: &DataRef<'_>,
        out: &mut [u8],
    ) -> Result<Option<usize>, ObjectError<ActionResult>> {
        let ln = ObisCode(m.instance_id);
        self.check(m.class_id, ln).map_err(|l| match l {
            Lookup::Undefined => ActionResult::OBJECT_UNDEFINED,
            Lookup::ClassInconsistent => ActionResult::OBJECT_CLASS_INCONSISTENT,
        })?;
        let access = self.policy.method_access(m.class_id, ln, m.method_id);
        if !access.can_invoke() || (access.needs_authentication() && !ctx.authenticated) {
            return Err(ActionResult::READ_WRITE_DENIED.into());
        }
        let object = self
            .directory
            .object_mut(ln)
            .ok_or(ActionResult::OBJECT_UNDEFINED)?;
        object.action(m.method_id, parameters, out)
    }
}

fn data_lookup(l: Lookup) -> DataAccessResult {
    match l {
        Lookup::Undefined => DataAccessResult::OBJECT_UNDEFINED,
        Lookup::ClassInconsistent => DataAccessResult::OBJECT_CLASS_INCONSISTENT,
    }
}

impl Error {
    /// The data-access-result a server answers when a GET or SET fails with this error:
    /// `object-undefined` for an attribute the class does not have, `type-unmatched` for a
    /// value of the wrong type or shape, `other-reason` otherwise.
    #[must_use]
    pub const fn data_access_result(&self) -> DataAccessResult {
        match self {
            Self::NoSuchAttribute(_) | Self::NoSuchMethod(_) => DataAccessResult::OBJECT_UNDEFINED,
            Self::UnexpectedType { .. } | Self::ElementCount { .. } | Self::Decode(_) => {
                DataAccessResult::TYPE_UNMATCHED
            }
            _ => DataAccessResult::OTHER_REASON,
        }
    }

    /// The action-result a server answers when an ACTION fails with this error.
    #[must_use]
    pub const fn action_result(&self) -> ActionResult {
        match self {
            Self::NoSuchAttribute(_) | Self::NoSuchMethod(_) => ActionResult::OBJECT_UNDEFINED,
            Self::UnexpectedType { .. }
            | Self::ElementCount { .. }
            | Self::Decode(_)
            | Self::MethodParameters => ActionResult::TYPE_UNMATCHED,
            _ => ActionResult::OTHER_REASON,
        }
    }
}

#[cfg(feature = "alloc")]
pub use served::{ActionHandler, NoActions, Served};

#[cfg(feature = "alloc")]
mod served {
    use dlms_apdu::registry::{ActionResult, DataAccessResult};
    use dlms_apdu::{Data, DataRef};

    use super::{CosemObject, ObjectError, emit};
    use crate::class::{ClassId, ClassInfo, InterfaceClass};
    use crate::obis::ObisCode;
    use crate::profile::Selection;

    /// What a served object does when a method is invoked.
    pub trait ActionHandler<T> {
        /// Invokes `method` on `object`; returns the return parameters, if any.
        ///
        /// # Errors
        /// The action-result for the response.
        fn action(
            &mut self,
            object: &mut T,
            method: i8,
            parameters: &DataRef<'_>,
        ) -> Result<Option<Data>, ActionResult>;
    }

    /// No methods: every invocation fails, `object-unavailable` for a method the class has
    /// and `object-undefined` for one it does not.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct NoActions;

    impl<T: ClassInfo> ActionHandler<T> for NoActions {
        fn action(
            &mut self,
            _: &mut T,
            method: i8,
            _: &DataRef<'_>,
        ) -> Result<Option<Data>, ActionResult> {
            Err(if T::method_info(method).is_some() {
                ActionResult::OBJECT_UNAVAILABLE
            } else {
                ActionResult::OBJECT_UNDEFINED
            })
        }
    }

    /// A closure handles the methods.
    impl<T, F> ActionHandler<T> for F
    where
        F: FnMut(&mut T, i8, &DataRef<'_>) -> Result<Option<Data>, ActionResult>,
    {
        fn action(
            &mut self,
            object: &mut T,
            method: i8,
            parameters: &DataRef<'_>,
        ) -> Result<Option<Data>, ActionResult> {
            self(object, method, parameters)
        }
    }

    /// Any typed interface-class object, served: GET and SET through its typed
    /// attributes, ACTION through `actions`. Selective access is answered for Profile
    /// generic buffers (see [`crate::classes::profile_generic::ProfileGeneric::select`])
    /// by [`Served::with_selection`]; other objects refuse it.
    #[derive(Debug, Clone)]
    pub struct Served<T, H = NoActions> {
        /// The object.
        pub object: T,
        /// Its method handler.
        pub actions: H,
        selection: Option<SelectFn<T>>,
    }

    /// Answers a selective access to an attribute.
    type SelectFn<T> =
        fn(&T, i8, &dlms_apdu::descriptor::SelectiveAccess<'_>) -> Result<Data, DataAccessResult>;

    impl<T: InterfaceClass> Served<T, NoActions> {
        /// Serves `object` without methods.
        pub fn new(object: T) -> Self {
            Self {
                object,
                actions: NoActions,
                selection: None,
            }
        }
    }

    impl<T: InterfaceClass, H: ActionHandler<T>> Served<T, H> {
        /// Serves `object` with `actions` for its methods.
        pub fn with_actions(object: T, actions: H) -> Self {
            Self {
                object,
                actions,
                selection: None,
            }
        }

        /// Answers selective access with `select`.
        #[must_use]
        pub fn with_selection(mut self, select: SelectFn<T>) -> Self {
            self.selection = Some(select);
            self
        }
    }

    impl<T: InterfaceClass, H: ActionHandler<T>> CosemObject for Served<T, H> {
        fn class_id(&self) -> ClassId {
            T::CLASS_ID
        }

        fn logical_name(&self) -> ObisCode {
            self.object.logical_name()
        }

        fn get(
            &self,
            attribute: i8,
            selection: Option<&dlms_apdu::descriptor::SelectiveAccess<'_>>,
            out: &mut [u8],
        ) -> Result<usize, ObjectError<DataAccessResult>> {
            let data = match (selection, self.selection) {
                (None, _) => self
                    .object
                    .attribute(attribute)
                    .map_err(|e| e.data_access_result())?,
                (Some(s), Some(select)) => select(&self.object, attribute, s)?,
                (Some(_), None) => return Err(DataAccessResult::OTHER_REASON.into()),
            };
            emit(&data.as_ref(), out)
        }

        fn set(&mut self, attribute: i8, value: &DataRef<'_>) -> Result<(), DataAccessResult> {
            self.object
                .set_attribute(attribute, value)
                .map_err(|e| e.data_access_result())
        }

        fn action(
            &mut self,
            method: i8,
            parameters: &DataRef<'_>,
            out: &mut [u8],
        ) -> Result<Option<usize>, ObjectError<ActionResult>> {
            match self.actions.action(&mut self.object, method, parameters)? {
                None => Ok(None),
                Some(d) => emit(&d.as_ref(), out).map(Some),
            }
        }
    }

    /// The selective-access answer of a Profile generic buffer (attribute 2, selectors 1
    /// and 2), for [`Served::with_selection`].
    ///
    /// # Errors
    /// `object-undefined` for another attribute, `other-reason` for a selection the
    /// buffer cannot answer.
    pub fn profile_selection(
        p: &crate::classes::profile_generic::ProfileGeneric,
        attribute: i8,
        access: &dlms_apdu::descriptor::SelectiveAccess<'_>,
    ) -> Result<Data, DataAccessResult> {
        if attribute != 2 {
            return Err(DataAccessResult::OBJECT_UNDEFINED);
        }
        Selection::from_access(access)
            .and_then(|s| p.select(&s))
            .map_err(|e| e.data_access_result())
    }
}

#[cfg(feature = "alloc")]
pub use served::profile_selection;
