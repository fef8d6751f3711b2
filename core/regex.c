/* regex.c — PCRE2 patterns written in the code (not the rule files of rules.c), compiled once per
 * process: the passes classify labels with them and the records writer finds its fields. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "regex.h"
#include "rules.h"

#include <string.h>

/* Yes/no matching of short label texts happens millions of times on a large document (every rule
 * against every label), so it goes to PCRE2 directly: each pattern is compiled once per process
 * (patterns are the library's literals and the rule files' values: a bounded set), and each thread
 * reuses one match block. GLib's g_regex_match() allocates a match context per call. */
G_LOCK_DEFINE_STATIC(re_cache);

static void match_data_free(gpointer p) { pcre2_match_data_free(p); }

/* In front of the cache: the last patterns seen by this thread, by address. Hashing a pattern's
 * text on every call (number_re is 400 bytes, matched for every amount) cost more than the match;
 * an address hit is confirmed with strcmp, as a freed rule file's pattern may reuse an address. */
#define RE_FRONT 16
typedef struct {
  const char *pattern; /* the caller's address */
  const char *text;    /* the cache's copy of the pattern */
  pcre2_code *re;
} re_front;

static pcre2_code *re_compiled_slow(const char *pattern, const char **text);

static pcre2_code *re_compiled(const char *pattern) {
  static GPrivate front_key = G_PRIVATE_INIT(g_free);
  re_front *front = g_private_get(&front_key);
  if (!front) {
    front = g_new0(re_front, RE_FRONT);
    g_private_set(&front_key, front);
  }
  if (!pattern) return NULL;
  guint slot = (guint)(((guint64)(guintptr)pattern * G_GUINT64_CONSTANT(0x9E3779B97F4A7C15)) >> 60) % RE_FRONT;
  if (front[slot].pattern == pattern && strcmp(pattern, front[slot].text) == 0) return front[slot].re;
  const char *text = NULL;
  pcre2_code *re = re_compiled_slow(pattern, &text);
  front[slot].pattern = pattern;
  front[slot].text = text;
  front[slot].re = re;
  return re;
}

static pcre2_code *re_compiled_slow(const char *pattern, const char **text) {
  static GHashTable *cache;
  G_LOCK(re_cache);
  if (!cache) cache = g_hash_table_new(g_str_hash, g_str_equal);
  gpointer key = NULL, re = NULL;
  if (!g_hash_table_lookup_extended(cache, pattern, &key, &re)) {
    int code;
    PCRE2_SIZE off;
    re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP, &code, &off, NULL);
    key = g_strdup(pattern);
    g_hash_table_insert(cache, key, re); /* NULL too: a bad pattern never matches */
  }
  G_UNLOCK(re_cache);
  *text = key; /* never freed: the cache lives as long as the process */
  return re;
}

/* This thread's match block, sized for bz_re_groups' at most 16 groups (bz_re_match needs fewer;
 * neither keeps anything in it between calls, so they share it). */
static pcre2_match_data *match_data(void) {
  static GPrivate md_key = G_PRIVATE_INIT(match_data_free);
  pcre2_match_data *md = g_private_get(&md_key);
  if (!md) {
    md = pcre2_match_data_create(16, NULL);
    g_private_set(&md_key, md);
  }
  return md;
}

gboolean bz_re_match(const char *pattern, const char *s) {
  if (!s || !pattern) return FALSE;
  pcre2_code *re = re_compiled(pattern);
  return re && pcre2_match(re, (PCRE2_SPTR)s, PCRE2_ZERO_TERMINATED, 0, 0, match_data(),
                           bz_rules_match_context()) >= 0;
}

gboolean bz_re_groups(const char *pattern, const char *s, gsize start, int n, gssize *out) {
  if (!s || !pattern || n < 1 || n > 16) return FALSE;
  pcre2_code *re = re_compiled(pattern);
  if (!re) return FALSE;
  pcre2_match_data *md = match_data();
  int rc = pcre2_match(re, (PCRE2_SPTR)s, PCRE2_ZERO_TERMINATED, start, 0, md, bz_rules_match_context());
  if (rc < 0) return FALSE;
  PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
  for (int i = 0; i < n; i++) {
    gboolean set = i < rc && ov[2 * i] != PCRE2_UNSET;
    out[2 * i] = set ? (gssize)ov[2 * i] : -1;
    out[2 * i + 1] = set ? (gssize)ov[2 * i + 1] : -1;
  }
  return TRUE;
}

int bz_re_group_index(const char *pattern, const char *name) {
  pcre2_code *re = re_compiled(pattern);
  return re ? pcre2_substring_number_from_name(re, (PCRE2_SPTR)name) : -1;
}

char *bz_re_group_dup(const char *s, const gssize *out, int i) {
  if (out[2 * i] < 0 || out[2 * i + 1] <= out[2 * i]) return NULL;
  return g_strndup(s + out[2 * i], (gsize)(out[2 * i + 1] - out[2 * i]));
}

