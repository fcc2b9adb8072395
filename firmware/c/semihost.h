/* ARM semihosting (BKPT 0xAB): what QEMU's -semihosting and Loom's test harness answer. */
#ifndef SEMIHOST_H
#define SEMIHOST_H

#include <stdint.h>

void sh_write0(const char *text);
/* Prints "name=xxxxxxxx\n" (the value in hex). */
void sh_put_hex(const char *name, uint32_t value);
/* Prints `words` 32-bit words as hex, eight to a line. */
void sh_dump(const void *data, unsigned words);
void sh_exit(int status) __attribute__((noreturn));

#endif
