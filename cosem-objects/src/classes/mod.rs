//! The interface classes, one module per class (IEC 62056-6-2, the DLMS UA Blue Book).


pub mod data;
pub mod register;
pub mod extended_register;
pub mod demand_register;
pub mod register_activation;
pub mod profile_generic;
pub mod clock;
pub mod script_table;
pub mod schedule;
pub mod special_days_table;
pub mod association_sn;
pub mod association_ln;
pub mod sap_assignment;
pub mod image_transfer;
pub mod iec_local_port_setup;
pub mod activity_calendar;
pub mod register_monitor;
pub mod single_action_schedule;
pub mod iec_hdlc_setup;
pub mod modem_configuration;
pub mod auto_answer;
pub mod auto_connect;
pub mod push_setup;
pub mod tcp_udp_setup;
pub mod ipv4_setup;
pub mod mac_address_setup;
pub mod ppp_setup;
pub mod gprs_modem_setup;
pub mod security_setup;
pub mod disconnect_control;
pub mod limiter;
pub mod mbus_client;
