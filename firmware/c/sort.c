#include <string.h>

#include "kernels.h"

int compare_int32(const void *a, const void *b)
{
  int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
  return (x > y) - (x < y);
}

void insertion_sort(int32_t *a, size_t n)
{
  for (size_t i = 1; i < n; i++) {
    int32_t v = a[i];
    size_t j = i;
    while (j > 0 && a[j - 1] > v) {
      a[j] = a[j - 1];
      j--;
    }
    a[j] = v;
  }
}

/* Bottom-up merge sort: runs of width w are merged from a into scratch, then copied back. */
void merge_sort(int32_t *a, int32_t *scratch, size_t n)
{
  for (size_t w = 1; w < n; w *= 2) {
    for (size_t lo = 0; lo < n; lo += 2 * w) {
      size_t mid = lo + w < n ? lo + w : n;
      size_t hi = lo + 2 * w < n ? lo + 2 * w : n;
      size_t i = lo, j = mid, k = lo;
      while (i < mid && j < hi) scratch[k++] = a[i] <= a[j] ? a[i++] : a[j++];
      while (i < mid) scratch[k++] = a[i++];
      while (j < hi) scratch[k++] = a[j++];
    }
    memcpy(a, scratch, n * sizeof *a);
  }
}
