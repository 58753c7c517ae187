#pragma once
// How a program that checks photo after photo should set glibc's allocator (the conforme
// command and conforme-bench call it at start; library hosts may).
namespace conforme {

// Keeps freed photo-sized blocks in the process instead of returning them to the kernel: blocks
// up to 32 MB come from the heap (glibc maps anything over 128 kB afresh by default) and up to
// 256 MB of freed memory stays before any is trimmed. Every photo allocates a few blocks of its
// own size (decoded pixels, grey, masks, reduced copies); without this each one is mapped, faulted
// in and zeroed again for the next photo. Process-wide, so it belongs to the host program, once,
// before its threads start. Returns false where the C library has no such settings (not glibc).
bool keep_freed_photo_memory();

}  // namespace conforme
