#!/usr/bin/env bash
# Builds the embedded example for thumbv7em-none-eabihf and checks its footprint against
# the committed budget: flash (vector table, code, read-only data and the initial values
# of .data), static RAM (.data, .bss, .uninit) and the worst-case stack of the receive and
# push paths (from the frames the compiler records with -Z emit-stack-sizes).
#
# Needs the llvm-tools rustup component (llvm-size, llvm-readobj, llvm-objdump, llvm-nm)
# and python3. CARGO_TARGET_DIR is honoured.
set -euo pipefail
cd "$(dirname "$0")"

# The budget: the figures measured with rustc 1.95 (see README.md) plus about 10 %.
FLASH_LIMIT=38912
RAM_LIMIT=256
RECEIVE_STACK_LIMIT=8320
PUSH_STACK_LIMIT=8320

TARGET=thumbv7em-none-eabihf
TOOLS="$(rustc --print sysroot)/lib/rustlib/$(rustc -vV | sed -n 's/^host: //p')/bin"
BASE="${CARGO_TARGET_DIR:-target}"
BASE="$(cd "$(dirname "$BASE")" && pwd)/$(basename "$BASE")"

cargo build --locked --release --target-dir "$BASE/embedded"
elf="$BASE/embedded/$TARGET/release/dlms-embedded"
"$TOOLS/llvm-size" -A "$elf" | grep -vE '^\.(debug|comment|ARM)'
read -r flash ram < <("$TOOLS/llvm-size" -A "$elf" | awk '
  $1 == ".vector_table" || $1 == ".text" || $1 == ".rodata" { f += $2 }
  $1 == ".data" { f += $2; r += $2 }
  $1 == ".bss" || $1 == ".uninit" { r += $2 }
  END { print f, r }')

# The stack figures come from a second build that records each function's frame; the
# flag needs RUSTC_BOOTSTRAP on a stable toolchain. RUSTFLAGS replaces the target's
# rustflags, so the linker script is named again.
RUSTC_BOOTSTRAP=1 RUSTFLAGS="-C link-arg=-Tlink.x -Z emit-stack-sizes" \
  cargo build --locked --release --target-dir "$BASE/embedded-stack"
stack_elf="$BASE/embedded-stack/$TARGET/release/dlms-embedded"
max_depth=$(sed -n 's/^pub const MAX_DEPTH: usize = \([0-9]*\);/\1/p' ../../dlms-apdu/src/data.rs)
report=$(python3 stack.py "$stack_elf" "$TOOLS" "$max_depth" \
  "dlms_embedded::receive" "dlms_embedded::push" "dlms_embedded::__cortex_m_rt_main")
echo "$report"
receive=$(echo "$report" | sed -n 's/^\([0-9]*\) octets: worst-case stack of dlms_embedded::receive.*/\1/p')
push=$(echo "$report" | sed -n 's/^\([0-9]*\) octets: worst-case stack of dlms_embedded::push.*/\1/p')

status=0
check() {
  local what=$1 got=$2 limit=$3
  if [ -z "$got" ]; then
    echo "embedded: $what not measured"
    status=1
  elif [ "$got" -gt "$limit" ]; then
    echo "embedded: $what $got octets, over the budget of $limit"
    status=1
  else
    echo "embedded: $what $got octets (budget $limit)"
  fi
}
check "flash" "$flash" "$FLASH_LIMIT"
check "static RAM" "$ram" "$RAM_LIMIT"
check "receive-path stack" "$receive" "$RECEIVE_STACK_LIMIT"
check "push-path stack" "$push" "$PUSH_STACK_LIMIT"
exit $status
