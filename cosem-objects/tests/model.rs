#![allow(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::cast_possible_truncation,
    missing_docs
)]
#![cfg(feature = "alloc")]

use cosem_objects::access::{AttributeAccess as A, MethodAccess as M};
use cosem_objects::classes::disconnect_control::*;
use cosem_objects::classes::profile_generic::{Entry, ProfileGeneric};
use cosem_objects::classes::register::Register;
use cosem_objects::model::*;
use cosem_objects::obis::known;
use cosem_objects::{ClassId, ObisCode, ScalerUnit, Unit};
use dlms_apdu::descriptor::{
    AttributeDescriptor, CaptureObjectDefinition, EntryDescriptor, MethodDescriptor,
};
use dlms_apdu::registry::{ActionResult, DataAccessResult};
use dlms_apdu::{Data, DataRef};

fn register() -> Served<Register> {
    Served::new(Register {
        logical_name: known::ACTIVE_ENERGY_IMPORT,
        value: Data::DoubleLongUnsigned(7),
        scaler_unit: ScalerUnit::new(0, Unit::WATT_HOUR),
    })
}

type Handler = fn(&mut DisconnectControl, i8, &DataRef<'_>) -> Result<Option<Data>, ActionResult>;

fn disconnector() -> Served<DisconnectControl, Handler> {
    let handler: Handler = |dc, method, _| {
        match method {
            1 => {
                dc.output_state = false;
                dc.control_state = ControlState::DISCONNECTED;
            }
            2 => {
                dc.output_state = true;
                dc.control_state = ControlState::CONNECTED;
            }
            _ => return Err(ActionResult::OBJECT_UNDEFINED),
        }
        Ok(None)
    };
    Served::with_actions(
        DisconnectControl {
            logical_name: known::DISCONNECT_CONTROL,
            output_state: true,
            control_state: ControlState::CONNECTED,
            control_mode: ControlMode::MODE_1,
        },
        handler,
    )
}

const RIGHTS: [ObjectAccess<'static>; 2] = [
    ObjectAccess {
        class_id: ClassId::REGISTER,
        logical_name: known::ACTIVE_ENERGY_IMPORT,
        attributes: &[A::READ_ONLY, A::READ_WRITE, A::AUTHENTICATED_READ_ONLY],
        methods: &[M::NO_ACCESS],
    },
    ObjectAccess {
        class_id: ClassId::DISCONNECT_CONTROL,
        logical_name: known::DISCONNECT_CONTROL,
        attributes: &[A::READ_ONLY, A::READ_ONLY, A::READ_ONLY, A::READ_ONLY],
        methods: &[M::AUTHENTICATED_ACCESS, M::ACCESS],
    },
];

fn attr(class: ClassId, ln: ObisCode, id: i8) -> AttributeDescriptor {
    AttributeDescriptor::new(class, ln.0, id)
}

#[test]
fn access_rights_are_checked_before_the_object() {
    let mut reg = register();
    let mut dc = disconnector();
    let mut objects: [&mut dyn CosemObject; 2] = [&mut reg, &mut dc];
    let mut server = Server::new(&mut objects[..], AccessTable::new(&RIGHTS));
    let open = Context::default();
    let auth = Context {
        authenticated: true,
    };
    let mut out = [0u8; 64];
    let ln = known::ACTIVE_ENERGY_IMPORT;

    let n = server
        .get(open, &attr(ClassId::REGISTER, ln, 2), None, &mut out)
        .unwrap();
    assert_eq!(&out[..n], &[0x06, 0, 0, 0, 7]);
    // Attribute 3 needs an authenticated request.
    assert_eq!(
        server.get(open, &attr(ClassId::REGISTER, ln, 3), None, &mut out),
        Err(DataAccessResult::READ_WRITE_DENIED.into())
    );
    let n = server
        .get(auth, &attr(ClassId::REGISTER, ln, 3), None, &mut out)
        .unwrap();
    assert_eq!(&out[..n], &[0x02, 0x02, 0x0F, 0x00, 0x16, 0x1E]);
    // Attribute 1 is read-only.
    assert_eq!(
        server.set(
            open,
            &attr(ClassId::REGISTER, ln, 1),
            &DataRef::OctetString(&[0; 6])
        ),
        Err(DataAccessResult::READ_WRITE_DENIED)
    );
    // Attribute 2 is writable; a value of the wrong type is type-unmatched.
    server
        .set(
            open,
            &attr(ClassId::REGISTER, ln, 2),
            &DataRef::DoubleLongUnsigned(9),
        )
        .unwrap();
    let n = server
        .get(open, &attr(ClassId::REGISTER, ln, 2), None, &mut out)
        .unwrap();
    assert_eq!(&out[..n], &[0x06, 0, 0, 0, 9]);
    // An attribute the rights do not list is denied; an unknown object is undefined; a
    // known name with another class is inconsistent.
    assert_eq!(
        server.get(open, &attr(ClassId::REGISTER, ln, 4), None, &mut out),
        Err(DataAccessResult::READ_WRITE_DENIED.into())
    );
    assert_eq!(
        server.get(
            open,
            &attr(ClassId::REGISTER, known::CLOCK, 2),
            None,
            &mut out
        ),
        Err(DataAccessResult::OBJECT_UNDEFINED.into())
    );
    assert_eq!(
        server.get(open, &attr(ClassId::DATA, ln, 2), None, &mut out),
        Err(DataAccessResult::OBJECT_CLASS_INCONSISTENT.into())
    );
    // A short buffer says how much is needed.
    assert_eq!(
        server.get(open, &attr(ClassId::REGISTER, ln, 2), None, &mut out[..3]),
        Err(ObjectError::BufferTooSmall { needed: 5 })
    );

    // Methods: disconnect needs authentication, reconnect does not.
    let dcn = known::DISCONNECT_CONTROL;
    let m = |id| MethodDescriptor::new(ClassId::DISCONNECT_CONTROL, dcn.0, id);
    assert_eq!(
        server.action(open, &m(1), &DataRef::Integer(0), &mut out),
        Err(ActionResult::READ_WRITE_DENIED.into())
    );
    assert_eq!(
        server.action(auth, &m(1), &DataRef::Integer(0), &mut out),
        Ok(None)
    );
    let n = server
        .get(
            open,
            &attr(ClassId::DISCONNECT_CONTROL, dcn, 3),
            None,
            &mut out,
        )
        .unwrap();
    assert_eq!(&out[..n], &[0x16, 0x00]);
    assert_eq!(
        server.action(open, &m(2), &DataRef::Integer(0), &mut out),
        Ok(None)
    );
    assert_eq!(
        server.action(auth, &m(3), &DataRef::Integer(0), &mut out),
        Err(ActionResult::READ_WRITE_DENIED.into())
    );
    // The register's reset is listed with no access.
    assert_eq!(
        server.action(
            auth,
            &MethodDescriptor::new(ClassId::REGISTER, ln.0, 1),
            &DataRef::Integer(0),
            &mut out
        ),
        Err(ActionResult::READ_WRITE_DENIED.into())
    );
}

#[test]
fn served_objects_map_errors() {
    let mut reg = register();
    let mut out = [0u8; 16];
    assert_eq!(
        reg.set(3, &DataRef::Unsigned(1)),
        Err(DataAccessResult::TYPE_UNMATCHED)
    );
    assert_eq!(
        reg.get(9, None, &mut out),
        Err(DataAccessResult::OBJECT_UNDEFINED.into())
    );
    // Register has a reset method but no handler: unavailable; method 5 does not exist.
    assert_eq!(
        reg.action(1, &DataRef::Integer(0), &mut out),
        Err(ActionResult::OBJECT_UNAVAILABLE.into())
    );
    assert_eq!(
        reg.action(5, &DataRef::Integer(0), &mut out),
        Err(ActionResult::OBJECT_UNDEFINED.into())
    );
    // Selective access is refused where not configured.
    let mut sel = [0u8; 32];
    let access = EntryDescriptor {
        from_entry: 1,
        to_entry: 1,
        from_selected_value: 1,
        to_selected_value: 0,
    }
    .to_access(&mut sel)
    .unwrap();
    assert_eq!(
        reg.get(2, Some(&access), &mut out),
        Err(DataAccessResult::OTHER_REASON.into())
    );
}

#[test]
fn profile_selective_access_through_the_server() {
    let cols = vec![
        CaptureObjectDefinition {
            class_id: ClassId::CLOCK,
            logical_name: known::CLOCK.0,
            attribute_index: 2,
            data_index: 0,
        },
        CaptureObjectDefinition {
            class_id: ClassId::REGISTER,
            logical_name: known::ACTIVE_ENERGY_IMPORT.0,
            attribute_index: 2,
            data_index: 0,
        },
    ];
    let mut p = ProfileGeneric::new(known::LOAD_PROFILE_1, cols, 900, 10);
    for i in 0..3u32 {
        p.push_entry(Entry(vec![Data::NullData, Data::DoubleLongUnsigned(i)]))
            .unwrap();
    }
    let mut served = Served::new(p).with_selection(profile_selection);
    let mut objects: [&mut dyn CosemObject; 1] = [&mut served];
    let server = Server::new(&mut objects[..], FullAccess);
    let mut sel = [0u8; 32];
    let access = EntryDescriptor {
        from_entry: 3,
        to_entry: 0,
        from_selected_value: 2,
        to_selected_value: 2,
    }
    .to_access(&mut sel)
    .unwrap();
    let mut out = [0u8; 64];
    let n = server
        .get(
            Context::default(),
            &attr(ClassId::PROFILE_GENERIC, known::LOAD_PROFILE_1, 2),
            Some(&access),
            &mut out,
        )
        .unwrap();
    // array of 1 { structure of 1 { double-long-unsigned 2 } }
    assert_eq!(&out[..n], &[0x01, 0x01, 0x02, 0x01, 0x06, 0, 0, 0, 2]);
    assert_eq!(
        server.get(
            Context::default(),
            &attr(ClassId::PROFILE_GENERIC, known::LOAD_PROFILE_1, 3),
            Some(&access),
            &mut out,
        ),
        Err(DataAccessResult::OBJECT_UNDEFINED.into())
    );
}
