/* Does nothing: QEMU's start-up and exit time, subtracted from the other workloads' times. */
int main(void) { return 0; }
