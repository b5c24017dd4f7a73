#ifndef SHORTLIST_CCRYPTO_SHIM_H
#define SHORTLIST_CCRYPTO_SHIM_H
// OpenSSL's libcrypto, for SHA-256 only: libcurl already loads it, and its SHA-256 uses the CPU's
// SHA extensions (about 2 GB/s here, ten times a portable implementation), which matters when a
// sharded run hashes every 256 MB shard on export and again on each map step.
#include <openssl/evp.h>
#endif
