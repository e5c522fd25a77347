//! A folder of files as one zip archive (stored, not compressed), so that a browser can hand
//! a portal team a ready-to-deploy library folder as a single download. Every entry is dated
//! 1980-01-01, the format's earliest date: the core reads no clock, and the same files always
//! give the same archive.

/// The format's limits for an archive without its 64-bit extension.
const MAX_ENTRIES: usize = u16::MAX as usize;

/// The archive of `files` (path inside the archive, bytes), in their order; paths use `/`.
pub fn archive(files: &[(String, Vec<u8>)]) -> Result<Vec<u8>, String> {
    if files.len() > MAX_ENTRIES {
        return Err(format!("{} files are more than a zip archive holds", files.len()));
    }
    let mut out = Vec::new();
    let mut directory = Vec::new();
    for (path, bytes) in files {
        let name = path.as_bytes();
        if name.is_empty() || name.len() > u16::MAX as usize {
            return Err(format!("`{path}` cannot be a path in a zip archive"));
        }
        let offset = u32::try_from(out.len()).map_err(|_| too_large())?;
        let size = u32::try_from(bytes.len()).map_err(|_| too_large())?;
        let crc = crc32(bytes);
        // Local header: signature, version 2.0, UTF-8 names, stored, time 00:00, 1980-01-01.
        out.extend(0x0403_4b50u32.to_le_bytes());
        common(&mut out, crc, size, name.len() as u16);
        out.extend(0u16.to_le_bytes()); // no extra field
        out.extend(name);
        out.extend(bytes);
        directory.extend(0x0201_4b50u32.to_le_bytes());
        directory.extend(20u16.to_le_bytes()); // made by version 2.0
        common(&mut directory, crc, size, name.len() as u16);
        directory.extend([0u8; 12]); // extra, comment, disk, internal and external attributes
        directory.extend(offset.to_le_bytes());
        directory.extend(name);
    }
    let start = u32::try_from(out.len()).map_err(|_| too_large())?;
    let length = u32::try_from(directory.len()).map_err(|_| too_large())?;
    out.extend(directory);
    let count = files.len() as u16;
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]); // this disk, the directory's disk
    out.extend(count.to_le_bytes());
    out.extend(count.to_le_bytes());
    out.extend(length.to_le_bytes());
    out.extend(start.to_le_bytes());
    out.extend(0u16.to_le_bytes()); // no comment
    Ok(out)
}

/// The fields a local header and a directory entry share, from "version needed" to the
/// name's length.
fn common(out: &mut Vec<u8>, crc: u32, size: u32, name_len: u16) {
    out.extend(20u16.to_le_bytes()); // version needed: 2.0
    out.extend(0x0800u16.to_le_bytes()); // names are UTF-8
    out.extend(0u16.to_le_bytes()); // stored
    out.extend(0u16.to_le_bytes()); // 00:00:00
    out.extend(0x0021u16.to_le_bytes()); // 1980-01-01
    out.extend(crc.to_le_bytes());
    out.extend(size.to_le_bytes()); // compressed size: stored
    out.extend(size.to_le_bytes());
    out.extend(name_len.to_le_bytes());
}

fn too_large() -> String {
    "the files are larger than a zip archive holds (4 GB)".to_owned()
}

/// CRC-32 (ISO-HDLC, the one zip uses).
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut table = [0u32; 256];
    for (i, slot) in table.iter_mut().enumerate() {
        let mut c = i as u32;
        for _ in 0..8 {
            c = if c & 1 == 1 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
        }
        *slot = c;
    }
    !bytes
        .iter()
        .fold(!0u32, |c, &b| table[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_check_value_of_crc32() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    /// Reads the archive back by its central directory, as an unzip tool does.
    fn entries(zip: &[u8]) -> Vec<(String, Vec<u8>)> {
        let u16_at = |i: usize| u16::from_le_bytes([zip[i], zip[i + 1]]) as usize;
        let u32_at = |i: usize| u32::from_le_bytes([zip[i], zip[i + 1], zip[i + 2], zip[i + 3]]) as usize;
        let end = zip.len() - 22;
        assert_eq!(u32_at(end), 0x0605_4b50);
        let (count, mut at) = (u16_at(end + 10), u32_at(end + 16));
        let mut out = Vec::new();
        for _ in 0..count {
            assert_eq!(u32_at(at), 0x0201_4b50);
            let (crc, size, name_len, local) = (u32_at(at + 16), u32_at(at + 24), u16_at(at + 28), u32_at(at + 42));
            let name = String::from_utf8(zip[at + 46..at + 46 + name_len].to_vec()).unwrap();
            assert_eq!(u32_at(local), 0x0403_4b50);
            let data_at = local + 30 + u16_at(local + 26) + u16_at(local + 28);
            let data = zip[data_at..data_at + size].to_vec();
            assert_eq!(crc32(&data) as usize, crc);
            out.push((name, data));
            at += 46 + name_len;
        }
        out
    }

    #[test]
    fn an_archive_reads_back_as_its_files() {
        let files = vec![
            ("policies/manifest.json".to_owned(), b"{\"policies\": []}".to_vec()),
            ("policies/r\u{e9}vis\u{e9}.json".to_owned(), vec![0, 1, 2, 255]),
            ("index.html".to_owned(), Vec::new()),
        ];
        let zip = archive(&files).unwrap();
        assert_eq!(entries(&zip), files);
        assert_eq!(archive(&files).unwrap(), zip, "the same files give the same archive");
    }

    #[test]
    fn an_empty_path_is_refused() {
        assert!(archive(&[(String::new(), vec![1])]).is_err());
    }
}
