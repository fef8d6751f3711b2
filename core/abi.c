/* abi.c — layout facts for bindings: the Python package copies the public structs into ctypes and
 * checks them against these at load time, so a change to biao.h that it missed fails loudly. */
#include <stddef.h>
#include <string.h>

#include "biao.h"

const char *biao_version(void) { return BIAO_VERSION; }

size_t biao_sizeof(const char *type) {
  if (!type) return 0;
  if (!strcmp(type, "biao_options")) return sizeof(biao_options);
  if (!strcmp(type, "biao_error")) return sizeof(biao_error);
  if (!strcmp(type, "biao_export_options")) return sizeof(biao_export_options);
  return 0;
}

#define FIELD(T, F)                                                                                 \
  if (!strcmp(type, #T) && !strcmp(field, #F)) return (long)offsetof(T, F)

long biao_offsetof(const char *type, const char *field) {
  if (!type || !field) return -1;
  FIELD(biao_options, input);
  FIELD(biao_options, password);
  FIELD(biao_options, pages);
  FIELD(biao_options, rules_dir);
  FIELD(biao_options, max_input_bytes);
  FIELD(biao_options, unit);
  FIELD(biao_options, progress);
  FIELD(biao_options, progress_user);
  FIELD(biao_options, strict);
  FIELD(biao_error, code);
  FIELD(biao_error, message);
  FIELD(biao_error, path);
  FIELD(biao_error, page);
  FIELD(biao_error, line);
  FIELD(biao_error, offset);
  FIELD(biao_export_options, fill_merged);
  FIELD(biao_export_options, table);
  FIELD(biao_export_options, csv_bom);
  FIELD(biao_export_options, csv_crlf);
  FIELD(biao_export_options, pretty);
  FIELD(biao_export_options, header_flat);
  FIELD(biao_export_options, numbers_plain);
  return -1;
}
