#ifndef SHORTLIST_CCURL_SHIM_H
#define SHORTLIST_CCURL_SHIM_H
#include <curl/curl.h>

// curl_easy_setopt / curl_easy_getinfo are variadic: Swift cannot call them. One typed wrapper per
// argument type.
static inline CURLcode shortlist_curl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode shortlist_curl_setopt_ptr(CURL *h, CURLoption o, const void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode shortlist_curl_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode shortlist_curl_setopt_off_t(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
typedef size_t (*shortlist_curl_write_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);
static inline CURLcode shortlist_curl_setopt_write_function(CURL *h, CURLoption o, shortlist_curl_write_callback f) { return curl_easy_setopt(h, o, f); }
static inline CURLcode shortlist_curl_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode shortlist_curl_getinfo_double(CURL *h, CURLINFO i, double *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode shortlist_curl_getinfo_string(CURL *h, CURLINFO i, char **v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode shortlist_curl_getinfo_off_t(CURL *h, CURLINFO i, curl_off_t *v) { return curl_easy_getinfo(h, i, v); }
static inline unsigned int shortlist_curlversion_now(void) { return CURLVERSION_NOW; }
#endif
