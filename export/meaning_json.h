/* meaning_json.h — JSON of the semantic layer (internal; see meaning_json.c). */
#ifndef BZ_MEANING_JSON_H
#define BZ_MEANING_JSON_H

#include "../core/semantic.h"

/* ", \"value\": {...}" for a cell, or nothing when the table has no meaning. */
void bz_json_cell_value(GString *out, const biao_table *t, const bz_cell *c, int pretty);
/* One value object {kind, number, decimal, unit, op, numbers, original}. */
void bz_json_value(GString *out, const bz_value *v, int pretty);
/* One check result object. */
void bz_json_check(GString *out, const bz_check *k, int pretty);
/* The table members "form" ... "checks", each line ending with ",\n" + indent. */
void bz_json_table_meaning(GString *out, const biao_table *t, int pretty, int indent);

#endif
