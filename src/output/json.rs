//! Compact JSON for the JSON Lines output, byte for byte what `serde_json::to_writer` writes.
//!
//! Why not serde_json itself: a report is mostly strings (sentence texts, sources, framing) and
//! field names, and serde_json escapes strings a byte at a time and passes every piece, down to
//! a comma, through `io::Write`; that was the largest single cost of a run (11-13% of
//! instructions). Here strings are scanned sixteen bytes at a time for the three things JSON
//! must escape, a field's comma, name and colon go out as one short copy, integers are written
//! here, and everything goes into one `Vec<u8>`. Floats are formatted by serde_json, so they
//! cannot drift from it, except the rounded scores (three decimals), whose shortest form is
//! plain and which a test checks one by one against serde_json.

use serde::Serialize;
use serde::ser::{self, Impossible};
use std::fmt;

/// Appends `value` as compact JSON to `out`.
pub fn write<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> Result<(), Error> {
    value.serialize(&mut Json { out })
}

#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

impl From<Error> for std::io::Error {
    fn from(e: Error) -> Self {
        std::io::Error::other(e)
    }
}

struct Json<'a> {
    out: &'a mut Vec<u8>,
}

#[inline]
fn is_escaped(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// Whether any of sixteen bytes must be escaped. Written without an early exit so that the
/// compiler makes it a handful of SIMD instructions.
#[inline]
fn block_needs_escape(block: &[u8; 16]) -> bool {
    block.iter().fold(false, |hit, &b| hit | is_escaped(b))
}

/// The index of the first byte at or after `i` that must be escaped, or `bytes.len()`.
#[inline]
fn next_escape(bytes: &[u8], mut i: usize) -> usize {
    while let Some(block) = bytes.get(i..i + 16) {
        if block_needs_escape(block.try_into().expect("16 bytes")) {
            break;
        }
        i += 16;
    }
    let len = bytes.len();
    // Fewer than sixteen bytes left of a long string: a clean tail is common, and one test of
    // the sixteen bytes that end the string (overlapping some already tested) settles it.
    if len - i < 16 && len >= 16 && !block_needs_escape(bytes[len - 16..].try_into().expect("16 bytes")) {
        return len;
    }
    while i < len && !is_escaped(bytes[i]) {
        i += 1;
    }
    i
}

/// Appends `s` as a JSON string, escaping as serde_json does: `"`, `\` and the control
/// characters, with the short forms \b \f \n \r \t and \u00XX for the rest.
pub fn write_str(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    if bytes.len() < 16 && write_short_str(out, bytes) {
        return;
    }
    write_long_str(out, bytes);
}

/// `write_str` for any string; kept apart so that the short path needs no stack frame.
#[inline(never)]
fn write_long_str(out: &mut Vec<u8>, bytes: &[u8]) {
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut clean = 0; // bytes[clean..] need no escape up to the next hit and are not yet copied
    loop {
        let i = next_escape(bytes, clean);
        out.extend_from_slice(&bytes[clean..i]);
        let Some(&b) = bytes.get(i) else { break };
        write_escape(out, b);
        clean = i + 1;
    }
    out.push(b'"');
}

/// Writes a string of fewer than sixteen bytes (most strings of a report: kinds, labels, cues,
/// emotion names) if it has nothing to escape, and says whether it did. It is quoted in a buffer
/// and copied out in one piece; spaces after it let one block test cover it.
#[inline]
fn write_short_str(out: &mut Vec<u8>, s: &[u8]) -> bool {
    let n = s.len();
    let mut buf = [b' '; 18];
    // Two overlapping copies of fixed length instead of a call to memcpy.
    if n >= 8 {
        buf[1..9].copy_from_slice(&s[..8]);
        buf[n - 7..n + 1].copy_from_slice(&s[n - 8..]);
    } else if n >= 4 {
        buf[1..5].copy_from_slice(&s[..4]);
        buf[n - 3..n + 1].copy_from_slice(&s[n - 4..]);
    } else if n > 0 {
        buf[1] = s[0];
        buf[1 + n / 2] = s[n / 2];
        buf[n] = s[n - 1];
    }
    if block_needs_escape(buf[1..17].try_into().expect("16 bytes")) {
        return false;
    }
    buf[0] = b'"';
    buf[n + 1] = b'"';
    extend_cut(out, &buf, n + 2);
    true
}

#[cold]
fn write_escape(out: &mut Vec<u8>, b: u8) {
    let short = match b {
        b'"' => b'"',
        b'\\' => b'\\',
        b'\n' => b'n',
        b'\r' => b'r',
        b'\t' => b't',
        0x08 => b'b',
        0x0c => b'f',
        _ => 0,
    };
    if short != 0 {
        out.extend_from_slice(&[b'\\', short]);
    } else {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
    }
}

/// "00".."99", for writing integers two digits at a time.
const PAIRS: &[u8; 200] = b"\
    0001020304050607080910111213141516171819\
    2021222324252627282930313233343536373839\
    4041424344454647484950515253545556575859\
    6061626364656667686970717273747576777879\
    8081828384858687888990919293949596979899";

/// Appends the first `len` bytes of `buf`. All of `buf` is copied and the rest cut off again:
/// a copy of fixed length is a few moves, where one of variable length is a call to memcpy.
#[inline]
fn extend_cut<const N: usize>(out: &mut Vec<u8>, buf: &[u8; N], len: usize) {
    let end = out.len() + len;
    out.extend_from_slice(buf);
    out.truncate(end);
}

/// Appends `n` in decimal with itoa, as serde_json writes it.
fn write_u64(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// Appends `v` if it is below 1000 in magnitude and has at most three decimals, as every
/// rounded score of a report has (`round3`), and says whether it did. The shortest decimal that
/// reads back as such a value is its own digits without trailing zeros, which is what serde_json
/// writes; a test compares every one of them with serde_json.
fn write_three_decimals(out: &mut Vec<u8>, v: f64) -> bool {
    // Rounded half away from zero by hand: `f64::round` is a call into libm on plain x86-64.
    let scaled = v * 1000.0;
    let thousandths = (scaled + 0.5f64.copysign(scaled)) as i64;
    if !(-1_000_000 < thousandths && thousandths < 1_000_000) || thousandths as f64 / 1000.0 != v {
        return false;
    }
    let t = thousandths.unsigned_abs() as usize;
    let (int, frac) = (t / 1000, t % 1000);
    let mut buf = [0u8; 8];
    let mut len = 0;
    if v.is_sign_negative() {
        buf[0] = b'-';
        len = 1;
    }
    if int >= 100 {
        buf[len] = b'0' + (int / 100) as u8;
        len += 1;
    }
    if int >= 10 {
        buf[len..len + 2].copy_from_slice(&PAIRS[int % 100 * 2..int % 100 * 2 + 2]);
        len += 2;
    } else {
        buf[len] = b'0' + int as u8;
        len += 1;
    }
    buf[len] = b'.';
    buf[len + 1] = b'0' + (frac / 100) as u8;
    buf[len + 2..len + 4].copy_from_slice(&PAIRS[frac % 100 * 2..frac % 100 * 2 + 2]);
    len += match frac {
        _ if frac % 100 == 0 => 2,
        _ if frac % 10 == 0 => 3,
        _ => 4,
    };
    extend_cut(out, &buf, len);
    true
}

fn write_i64(out: &mut Vec<u8>, n: i64) {
    if n < 0 {
        out.push(b'-');
    }
    write_u64(out, n.unsigned_abs());
}

impl<'a> Json<'a> {
    fn float<T: Serialize>(&mut self, v: T) -> Result<(), Error> {
        serde_json::to_writer(&mut *self.out, &v).map_err(|e| Error(e.to_string()))
    }

    /// A list or an object whose opening bracket `open` is written with its first item.
    fn compound<'b>(&'b mut self, open: u8, close: &'static [u8]) -> Compound<'a, 'b> {
        Compound { json: self, next: open, close }
    }
}

/// A list or an object being written.
struct Compound<'a, 'b> {
    json: &'b mut Json<'a>,
    /// What goes before the next item: the opening bracket before the first, a comma after.
    /// Writing the bracket with the first item spares every item a test for being the first.
    next: u8,
    /// Closing bytes: "]", "}", or "]}" / "}}" for an enum variant's list or object.
    close: &'static [u8],
}

/// Field names longer than this (none in this code base) are written in three pieces.
const SHORT_NAME: usize = 28;

impl Compound<'_, '_> {
    #[inline]
    fn separator(&mut self) {
        self.json.out.push(self.next);
        self.next = b',';
    }

    fn end(self) -> Result<(), Error> {
        if self.next != b',' {
            self.json.out.push(self.next);
        }
        self.json.out.extend_from_slice(self.close);
        Ok(())
    }

    /// A struct field. Its name is a Rust field name (or a `rename` in this code base), which
    /// never needs escaping, so it is copied as it is. Inlined into the derived `serialize`, the
    /// name is a constant there, and the separator, quoted name and colon become one short copy
    /// of known length.
    #[inline(always)]
    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        debug_assert!(!key.bytes().any(is_escaped), "field name {key:?}");
        let key = key.as_bytes();
        let n = key.len();
        let out = &mut *self.json.out;
        if n <= SHORT_NAME {
            let mut buf = [0u8; SHORT_NAME + 4];
            buf[0] = self.next;
            buf[1] = b'"';
            buf[2..2 + n].copy_from_slice(key);
            buf[2 + n..4 + n].copy_from_slice(b"\":");
            out.extend_from_slice(&buf[..n + 4]);
        } else {
            out.extend_from_slice(&[self.next, b'"']);
            out.extend_from_slice(key);
            out.extend_from_slice(b"\":");
        }
        self.next = b',';
        value.serialize(&mut *self.json)
    }
}

impl<'a, 'b> ser::Serializer for &'b mut Json<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a, 'b>;
    type SerializeTuple = Compound<'a, 'b>;
    type SerializeTupleStruct = Compound<'a, 'b>;
    type SerializeTupleVariant = Compound<'a, 'b>;
    type SerializeMap = Compound<'a, 'b>;
    type SerializeStruct = Compound<'a, 'b>;
    type SerializeStructVariant = Compound<'a, 'b>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out.extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        write_i64(self.out, i64::from(v));
        Ok(())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        write_i64(self.out, i64::from(v));
        Ok(())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        write_i64(self.out, i64::from(v));
        Ok(())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        write_i64(self.out, v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        write_u64(self.out, u64::from(v));
        Ok(())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        write_u64(self.out, u64::from(v));
        Ok(())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        write_u64(self.out, u64::from(v));
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        write_u64(self.out, v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.float(v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        if write_three_decimals(self.out, v) {
            return Ok(());
        }
        self.float(v)
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        write_str(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        write_str(self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        use ser::SerializeSeq;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for b in v {
            seq.serialize_element(b)?;
        }
        seq.end()
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.out.push(b'{');
        write_str(self.out, variant);
        self.out.push(b':');
        value.serialize(&mut *self)?;
        self.out.push(b'}');
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a, 'b>, Error> {
        Ok(self.compound(b'[', b"]"))
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a, 'b>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Compound<'a, 'b>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a, 'b>, Error> {
        self.out.push(b'{');
        write_str(self.out, variant);
        self.out.push(b':');
        Ok(self.compound(b'[', b"]}"))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a, 'b>, Error> {
        Ok(self.compound(b'{', b"}"))
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Compound<'a, 'b>, Error> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a, 'b>, Error> {
        self.out.push(b'{');
        write_str(self.out, variant);
        self.out.push(b':');
        Ok(self.compound(b'{', b"}}"))
    }
}

/// The four kinds of list serde knows all write the same: items separated by commas.
macro_rules! list_like {
    ($trait:ident, $method:ident) => {
        impl ser::$trait for Compound<'_, '_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.separator();
                value.serialize(&mut *self.json)
            }
            fn end(self) -> Result<(), Error> {
                Compound::end(self)
            }
        }
    };
}

list_like!(SerializeSeq, serialize_element);
list_like!(SerializeTuple, serialize_element);
list_like!(SerializeTupleStruct, serialize_field);
list_like!(SerializeTupleVariant, serialize_field);

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.separator();
        key.serialize(KeySerializer { out: self.json.out })
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.json.out.push(b':');
        value.serialize(&mut *self.json)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

/// Structs and struct variants: named fields (see `Compound::field`).
macro_rules! struct_like {
    ($trait:ident) => {
        impl ser::$trait for Compound<'_, '_> {
            type Ok = ();
            type Error = Error;
            #[inline(always)]
            fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
                self.field(key, value)
            }
            fn end(self) -> Result<(), Error> {
                Compound::end(self)
            }
        }
    };
}

struct_like!(SerializeStruct);
struct_like!(SerializeStructVariant);

/// Object keys: JSON allows only strings; integers are quoted, as serde_json does, and other
/// kinds of key are an error.
struct KeySerializer<'a> {
    out: &'a mut Vec<u8>,
}

impl KeySerializer<'_> {
    fn quoted(self, v: i64) -> Result<(), Error> {
        self.out.push(b'"');
        write_i64(self.out, v);
        self.out.push(b'"');
        Ok(())
    }

    fn quoted_unsigned(self, v: u64) -> Result<(), Error> {
        self.out.push(b'"');
        write_u64(self.out, v);
        self.out.push(b'"');
        Ok(())
    }
}

fn key_error() -> Error {
    Error("key must be a string".into())
}

impl ser::Serializer for KeySerializer<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        write_str(self.out, v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_bool(self, _: bool) -> Result<(), Error> {
        Err(key_error())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.quoted(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.quoted(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.quoted(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.quoted(v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.quoted_unsigned(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.quoted_unsigned(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.quoted_unsigned(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.quoted_unsigned(v)
    }
    fn serialize_f32(self, _: f32) -> Result<(), Error> {
        Err(key_error())
    }
    fn serialize_f64(self, _: f64) -> Result<(), Error> {
        Err(key_error())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Error> {
        Err(key_error())
    }
    fn serialize_none(self) -> Result<(), Error> {
        Err(key_error())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<(), Error> {
        Err(key_error())
    }
    fn serialize_unit(self) -> Result<(), Error> {
        Err(key_error())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        Err(key_error())
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Error> {
        Err(key_error())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(key_error())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Error> {
        Err(key_error())
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, Error> {
        Err(key_error())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(key_error())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(key_error())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Error> {
        Err(key_error())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(key_error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ours<T: Serialize>(v: &T) -> String {
        let mut out = Vec::new();
        write(&mut out, v).expect("serialisable");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn strings_escape_as_serde_json_does() {
        let mut all: String = (0u8..0x80).map(char::from).collect();
        all.push_str("caf\u{e9} \u{2028} \u{1f621} \"quoted\" back\\slash\u{7f}");
        let cases = [
            "",
            "plain text, longer than eight bytes",
            "\"",
            "\\",
            "a\nb\r\tc\u{8}\u{c}\u{1}\u{1f}",
            "12345678\"12345678\\1234567\n",
            "\u{0}",
            &all,
        ];
        for s in cases {
            assert_eq!(ours(&s), serde_json::to_string(&s).unwrap(), "{s:?}");
        }
        // Every length around the eight- and sixteen-byte steps of the scan, with one or two
        // escaped (or nearly escaped) bytes at every position.
        let near = [b'"', b'\\', b'\n', 0x01, 0x1f, b' ', b'!', b'#', b'[', b']', 0x7f];
        for len in 0..50 {
            let check = |s: Vec<u8>| {
                let s = String::from_utf8(s).unwrap();
                assert_eq!(ours(&s), serde_json::to_string(&s).unwrap(), "{s:?}");
            };
            check(vec![b'x'; len]);
            for at in 0..len {
                for b in near {
                    let mut s = vec![b'x'; len];
                    s[at] = b;
                    check(s.clone());
                    for then in at + 1..len {
                        let mut s = s.clone();
                        s[then] = b'"';
                        check(s);
                    }
                }
            }
        }
    }

    #[test]
    fn values_match_serde_json() {
        #[derive(Serialize)]
        enum E {
            Unit,
            New(u8),
            Tuple(u8, &'static str),
            Struct { a: f32 },
        }
        #[derive(Serialize)]
        struct S {
            n: i64,
            u: u64,
            f: f64,
            g: f32,
            nan: f64,
            b: bool,
            none: Option<u8>,
            some: Option<&'static str>,
            list: Vec<E>,
            map: std::collections::BTreeMap<&'static str, Vec<u8>>,
            tuple: (u8, char),
            value: serde_json::Value,
        }
        let s = S {
            n: -42,
            u: u64::MAX,
            f: 0.1 + 0.2,
            g: -0.255,
            nan: f64::NAN,
            b: true,
            none: None,
            some: Some("x"),
            list: vec![E::Unit, E::New(1), E::Tuple(2, "t"), E::Struct { a: 1.5 }],
            map: [("k", vec![1, 2]), ("", vec![])].into_iter().collect(),
            tuple: (7, '"'),
            value: json!({"a": [1, 2.5, null, "s"], "b": {"c": false}}),
        };
        assert_eq!(ours(&s), serde_json::to_string(&s).unwrap());
    }

    #[test]
    fn reports_match_serde_json() {
        // Real reports exercise every field name (written without escaping) and value kind.
        use crate::steps::prepare::Context;
        use crate::{Analyzer, Case, lexicon::Lexicons};
        let a = Analyzer::new(Lexicons::builtin());
        for (name, text) in [
            ("email", include_str!("../../samples/email.txt")),
            ("call", include_str!("../../samples/call-transcript.txt")),
            ("chat", include_str!("../../samples/chat.txt")),
            ("quotes", "He said \"never again\" and I\\we waited\t3 hours!!! Charged $1,240.00 twice on 3/4/2024."),
        ] {
            let r = a.analyze(&Case::new(name, text), &Context::default());
            assert_eq!(ours(&r), serde_json::to_string(&r).unwrap(), "{name}");
        }
    }

    #[test]
    fn integers_match_serde_json() {
        let mut unsigned = vec![u64::MAX, u64::MAX - 1];
        let mut p = 1u64;
        while let Some(next) = p.checked_mul(10) {
            unsigned.extend([p - 1, p, p + 1, 2 * p, 5 * p + 7]);
            p = next;
        }
        unsigned.extend([p - 1, p, p + 1]);
        for n in unsigned {
            assert_eq!(ours(&n), serde_json::to_string(&n).unwrap());
            let small = n as u8;
            assert_eq!(ours(&small), serde_json::to_string(&small).unwrap());
            let signed = n as i64;
            assert_eq!(ours(&signed), serde_json::to_string(&signed).unwrap());
            let negated = signed.wrapping_neg();
            assert_eq!(ours(&negated), serde_json::to_string(&negated).unwrap());
        }
        for n in [i64::MIN, i64::MIN + 1, -1, 0] {
            assert_eq!(ours(&n), serde_json::to_string(&n).unwrap());
        }
        assert_eq!(
            ours(&(i8::MIN, i16::MIN, i32::MIN)),
            serde_json::to_string(&(i8::MIN, i16::MIN, i32::MIN)).unwrap()
        );
        let keys: std::collections::BTreeMap<i64, u64> = [(i64::MIN, 0), (-7, 10), (0, u64::MAX)].into_iter().collect();
        assert_eq!(ours(&keys), serde_json::to_string(&keys).unwrap());
        let keys: std::collections::BTreeMap<u8, ()> = [(0, ()), (255, ())].into_iter().collect();
        assert_eq!(ours(&keys), serde_json::to_string(&keys).unwrap());
    }

    #[test]
    fn three_decimals_match_serde_json() {
        for k in -1_000_000i64..=1_000_000 {
            let v = k as f64 / 1000.0;
            assert_eq!(ours(&v), serde_json::to_string(&v).unwrap(), "{k}");
        }
        for v in
            [-0.0, 0.0, 999.9995, -999.9995, 1000.0, 1e6, 0.0005, -0.0005, 0.1 + 0.2, 1e-7, f64::MAX, f64::MIN_POSITIVE]
        {
            assert_eq!(ours(&v), serde_json::to_string(&v).unwrap(), "{v}");
        }
        for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(ours(&v), "null");
        }
    }

    #[test]
    fn empty_and_nested_compounds_match_serde_json() {
        #[derive(Serialize)]
        enum E {
            Tuple(),
            Struct {},
            Full(Vec<Vec<u8>>, Vec<()>),
        }
        #[derive(Serialize)]
        struct Empty {}
        #[derive(Serialize)]
        struct Skips {
            #[serde(skip_serializing_if = "Option::is_none")]
            a: Option<u8>,
            #[serde(skip_serializing_if = "Option::is_none")]
            b: Option<u8>,
            a_field_name_longer_than_the_short_buffer_holds: Empty,
        }
        #[derive(Serialize)]
        struct OnlySkips {
            #[serde(skip_serializing_if = "Option::is_none")]
            a: Option<u8>,
        }
        let v = (
            vec![E::Tuple(), E::Struct {}, E::Full(vec![vec![], vec![1, 2]], vec![(), ()])],
            Empty {},
            Skips { a: None, b: Some(2), a_field_name_longer_than_the_short_buffer_holds: Empty {} },
            [OnlySkips { a: None }, OnlySkips { a: Some(1) }],
            (std::collections::BTreeMap::<String, u8>::new(), Vec::<u8>::new(), ()),
        );
        assert_eq!(ours(&v), serde_json::to_string(&v).unwrap());
    }

    #[test]
    fn keys_are_strings() {
        let ints: std::collections::BTreeMap<i32, u8> = [(-1, 2), (3, 4)].into_iter().collect();
        assert_eq!(ours(&ints), serde_json::to_string(&ints).unwrap());
        let lists: std::collections::BTreeMap<Vec<u8>, u8> = [(vec![1], 2)].into_iter().collect();
        assert!(write(&mut Vec::new(), &lists).is_err());
        assert!(serde_json::to_string(&lists).is_err());
    }
}
