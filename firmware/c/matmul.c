#include "kernels.h"

void matmul(const int32_t *a, const int32_t *b, int32_t *c, int n)
{
  for (int i = 0; i < n; i++) {
    for (int j = 0; j < n; j++) {
      int32_t sum = 0;
      for (int k = 0; k < n; k++) sum += a[i * n + k] * b[k * n + j];
      c[i * n + j] = sum;
    }
  }
}
