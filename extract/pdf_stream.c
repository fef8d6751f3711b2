/* pdf_stream.c — tables without a full lattice (placeholder body filled below). */
#include "pdf_page.h"

void bz_pdf_stream(bz_page *page, GPtrArray *tables) {
  (void)page;
  (void)tables;
}
