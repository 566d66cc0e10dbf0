//! A client and a meter set up an HDLC link in memory, negotiate parameters, exchange a
//! GET request and a segmented response (built and read with `dlms-apdu`), and release the
//! link; then a real push capture from an Iskra AM550 meter is deframed, reassembled and
//! decoded into a tree.
//!
//! Run with `cargo run -p dlms-examples --example hdlc_demo`.

use dlms_apdu::descriptor::AttributeDescriptor;
use dlms_apdu::get::{GetDataResult, GetRequest, GetRequestNormal, GetResponse, GetResponseNormal};
use dlms_apdu::registry::ClassId;
use dlms_apdu::render::Tree;
use dlms_apdu::{Apdu, DataRef, InvokeIdAndPriority};
use dlms_hdlc::segment::Reassembler;
use dlms_hdlc::{
    Address, Deframer, DeframerEvent, FrameRepr, Instant, Link, LinkConfig, LinkEvent, LinkParams,
    llc,
};

type Station = Link<Vec<u8>, Vec<u8>>;

/// Iskra AM550 push (data-notification in five UI frames with the S bit), from
/// scs/smartmeter-datacollector `tests/testdata/iskra_am550.py` @1507c3fc4d0f.
const ISKRA_PUSH: &str = "7EA8A4CF0223039996E6E7000F000004330C07E4080F0606132D00FF8880021C011C020412002809060006190900FF0F02120000020412002809060006190900FF0F011200000204120001090600002A0000FF0F02120000020412000109060000600101FF0F02120000020412000809060000010000FF0F02120000020412000309060101010700FF0F02120000020412000309060101020700FF0F02120000020412374F7E7EA8A4CF0223039996000309060101030700FF0F02120000020412000309060101040700FF0F02120000020412000309060101010800FF0F02120000020412000309060101010801FF0F02120000020412000309060101010802FF0F02120000020412000309060101020800FF0F02120000020412000309060101020801FF0F02120000020412000309060101020802FF0F02120000020412000309060101050800FF00007E7EA8A4CF02230399960F02120000020412000309060101050801FF0F02120000020412000309060101050802FF0F02120000020412000309060101060800FF0F02120000020412000309060101060801FF0F02120000020412000309060101060802FF0F02120000020412000309060101070800FF0F02120000020412000309060101070801FF0F02120000020412000309060101070802FF0F021200000204120003B2E47E7EA8A4CF022303999609060101080800FF0F02120000020412000309060101080801FF0F02120000020412000309060101080802FF0F021200000204120003090601000D0700FF0F0212000009060006190900FF091049534B31303330373735323133383539090731383736333530090C07E4080F0606132D00FF8880060000000006000000000600000000060000000006005F0EA506002F442F06002FCA76060000BEFE7E7EA055CF022313A233000006000000000600000000060005477C060003843F060001C33D0600000009060000000906000000000600000000060000000006000000000600010AF706000094B00600007647120000127B7E";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

fn describe(direction: &str, wire: &[u8]) {
    match FrameRepr::parse_flagged(wire) {
        Ok(f) => println!(
            "  {direction} {:?}{} info {} B  [{}{}]",
            f.control,
            if f.segmented { " S" } else { "" },
            f.info.len(),
            hex(&wire[..wire.len().min(12)]),
            if wire.len() > 12 { "…" } else { "" }
        ),
        Err(e) => println!("  {direction} unparsable frame: {e}"),
    }
}

/// Moves every pending frame from `from` to `to`, printing each.
fn shuttle(from: &mut Station, to: &mut Station, label: &str, now: Instant) -> Vec<String> {
    let mut buf = vec![0u8; 2100];
    let mut events = Vec::new();
    while let Some(n) = from.poll_transmit(now, &mut buf) {
        describe(label, &buf[..n]);
        let mut off = 0;
        while off < n {
            off += to.handle_input(&buf[off..n], now);
            while let Some(ev) = to.poll_event() {
                events.push(match ev {
                    LinkEvent::Received { apdu, .. } => {
                        let apdu = llc::strip(apdu).map_or(apdu, |(_, a)| a);
                        let name = Apdu::parse_exact(apdu).map_or("not an APDU", |a| a.name());
                        format!(
                            "APDU {} B, {name}: {}…",
                            apdu.len(),
                            hex(&apdu[..apdu.len().min(16)])
                        )
                    }
                    other => format!("{other:?}"),
                });
            }
        }
    }
    events
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let now = Instant::ZERO;
    let meter_addr = Address::server(1, Some(17))?;
    let mut client_cfg = LinkConfig::client(Address::PUBLIC_CLIENT, meter_addr);
    client_cfg.params = LinkParams {
        max_info_tx: 256,
        max_info_rx: 256,
        window_tx: 1,
        window_rx: 3,
    };
    let mut meter_cfg = LinkConfig::server(meter_addr);
    meter_cfg.params = LinkParams {
        max_info_tx: 128,
        max_info_rx: 512,
        window_tx: 3,
        window_rx: 1,
    };
    let mut client: Station = Link::new(client_cfg, vec![0; 2100], vec![0; 4096], vec![0; 4096]);
    let mut meter: Station = Link::new(meter_cfg, vec![0; 2100], vec![0; 4096], vec![0; 4096]);

    println!("== link set-up (client 16 -> server 1/17)");
    client.connect(now)?;
    for e in shuttle(&mut client, &mut meter, "C->S", now) {
        println!("  meter:  {e}");
    }
    for e in shuttle(&mut meter, &mut client, "S->C", now) {
        println!("  client: {e}");
    }
    println!("  negotiated (client view): {:?}", client.params());

    println!("== GET request, 399-byte response in segments of 128 with window 3");
    let request = GetRequest::Normal(GetRequestNormal {
        invoke_id: InvokeIdAndPriority::new(1, true, true),
        attribute: AttributeDescriptor::new(ClassId::PROFILE_GENERIC, [1, 0, 99, 1, 0, 255], 2),
        access: None,
    });
    print!("{}", Tree(&request));
    let mut get = vec![0u8; request.buffer_len()];
    request.emit(&mut get)?;
    client.send(&get)?;
    for e in shuttle(&mut client, &mut meter, "C->S", now) {
        println!("  meter:  {e}");
    }
    let contents: Vec<u8> = (0..391u16).map(|i| (i % 256) as u8).collect();
    let answer = GetResponse::Normal(GetResponseNormal {
        invoke_id: InvokeIdAndPriority::new(1, true, true),
        result: GetDataResult::Data(DataRef::OctetString(&contents)),
    });
    let mut response = vec![0u8; answer.buffer_len()];
    answer.emit(&mut response)?;
    meter.send(&response)?;
    loop {
        let mut events = shuttle(&mut meter, &mut client, "S->C", now);
        events.extend(shuttle(&mut client, &mut meter, "C->S", now));
        let done = events.iter().any(|e| e.starts_with("APDU"));
        for e in events {
            println!("  client: {e}");
        }
        if done {
            break;
        }
    }

    println!("== release");
    client.disconnect(now)?;
    shuttle(&mut client, &mut meter, "C->S", now);
    for e in shuttle(&mut meter, &mut client, "S->C", now) {
        println!("  client: {e}");
    }

    println!("== Iskra AM550 push capture: deframe and reassemble");
    let wire: Vec<u8> = (0..ISKRA_PUSH.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&ISKRA_PUSH[i..i + 2], 16).unwrap_or(0))
        .collect();
    let mut deframer = Deframer::new([0u8; 2100]);
    let mut reassembler = Reassembler::new([0u8; 1024]);
    let mut off = 0;
    while off < wire.len() {
        // Arbitrary 50-byte chunks, as a serial port might deliver them.
        let end = (off + 50).min(wire.len());
        off += deframer.handle_input(&wire[off..end]);
        while let Some(ev) = deframer.poll_event() {
            if let DeframerEvent::Frame(frame) = ev {
                let repr = frame.repr();
                println!(
                    "  frame {:?} S={} info {} B",
                    repr.control,
                    repr.segmented,
                    repr.info.len()
                );
                if let Some(apdu) = reassembler.push(&repr)? {
                    let (dir, apdu) = llc::strip(apdu).unwrap_or((llc::Direction::Response, apdu));
                    println!("  APDU ({dir:?}) {} B:", apdu.len());
                    print!("{}", Tree(&Apdu::parse_exact(apdu)?));
                }
            }
        }
    }
    Ok(())
}
