//! Small valid audio files: silent MPEG-1 Layer III frames, built byte by byte.
//!
//! Each frame is 144 bytes: a 4-byte header (MPEG-1, Layer III, no CRC, 32 kbit/s, 32 kHz,
//! mono) followed by 17 bytes of side information and main data, all zero. Zero side
//! information means no coded samples, which every decoder plays as silence. A frame holds 1152
//! samples, 36 ms at 32 kHz.

/// The header of every frame.
const HEADER: [u8; 4] = [0xFF, 0xFB, 0x18, 0xC0];
/// Bytes per frame: 144 × bit rate / sample rate.
pub(crate) const FRAME_BYTES: usize = 144;
const SAMPLES_PER_FRAME: u64 = 1152;
const SAMPLE_RATE: u64 = 32_000;

/// The media type of the files built here.
pub const CONTENT_TYPE: &str = "audio/mpeg";

/// `seconds` of silence as an MP3 file (at least one frame).
#[must_use]
pub fn silent_mp3(seconds: u64) -> Vec<u8> {
    let frames = (seconds * SAMPLE_RATE).div_ceil(SAMPLES_PER_FRAME).max(1);
    let frames = usize::try_from(frames).unwrap_or(1);
    let mut audio = vec![0_u8; frames * FRAME_BYTES];
    for frame in audio.chunks_exact_mut(FRAME_BYTES) {
        frame[..HEADER.len()].copy_from_slice(&HEADER);
    }
    audio
}

#[cfg(test)]
mod tests {
    use super::{FRAME_BYTES, silent_mp3};

    #[test]
    fn every_frame_starts_with_a_valid_header() {
        let audio = silent_mp3(2);
        assert_eq!(audio.len() % FRAME_BYTES, 0);
        assert_eq!(audio.len() / FRAME_BYTES, 56);
        for frame in audio.chunks_exact(FRAME_BYTES) {
            // 11 sync bits, MPEG-1 (11), Layer III (01), no CRC (1).
            assert_eq!(frame[0], 0xFF);
            assert_eq!(frame[1] & 0xFE, 0xFA);
            assert_eq!(frame[2] >> 4, 0b0001, "32 kbit/s");
            assert_eq!((frame[2] >> 2) & 0b11, 0b10, "32 kHz");
            assert_eq!(frame[3] >> 6, 0b11, "mono");
        }
        assert_eq!(silent_mp3(0).len(), FRAME_BYTES);
    }
}
