/*
 * bmsbox: one lock around Espruino's event and transmit queues, for the Linux build only.
 *
 * On a microcontroller, bytes arrive in interrupts and the main loop turns interrupts off while it takes events
 * from the queue (jshInterruptOff/On). The Linux target reads the console and serial devices on a second thread
 * (jshInputThread, targets/linux/jshardware.c) and its jshInterruptOff/On do nothing, so that thread can append
 * to an event while the main loop pops it; with a serial device receiving 32-byte reads this corrupts the queue
 * within seconds ("ASSERT(len <= 64) FAILED AT src/jsdevices.c"). The linker's --wrap (set in BMSBOX_ESP32.py)
 * sends every call of these functions from other files through the wrappers below, which hold one recursive
 * mutex: the queue then behaves as it does with interrupts off. Nothing else of the interpreter changes.
 */
#define _GNU_SOURCE /* PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP */
#include <pthread.h>
#include <stdint.h>
#include <stdbool.h>
#include "jsdevices.h"

static pthread_mutex_t lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

void __real_jshPushIOEvent(IOEventFlags channel, JsSysTime time);
void __real_jshPushIOCharEvent(IOEventFlags channel, char ch);
void __real_jshPushIOCharEvents(IOEventFlags channel, const char *data, unsigned int count);
IOEventFlags __real_jshPopIOEvent(uint8_t *data, unsigned int *length);
IOEventFlags __real_jshPopIOEventOfType(IOEventFlags eventType, uint8_t *data, unsigned int *length);
void __real_jshTransmit(IOEventFlags device, unsigned char data);
IOEventFlags __real_jshGetDeviceToTransmit(void);
int __real_jshGetCharToTransmit(IOEventFlags device);

void __wrap_jshPushIOEvent(IOEventFlags channel, JsSysTime time) {
  pthread_mutex_lock(&lock);
  __real_jshPushIOEvent(channel, time);
  pthread_mutex_unlock(&lock);
}

void __wrap_jshPushIOCharEvent(IOEventFlags channel, char ch) {
  pthread_mutex_lock(&lock);
  __real_jshPushIOCharEvent(channel, ch);
  pthread_mutex_unlock(&lock);
}

void __wrap_jshPushIOCharEvents(IOEventFlags channel, const char *data, unsigned int count) {
  pthread_mutex_lock(&lock);
  __real_jshPushIOCharEvents(channel, data, count);
  pthread_mutex_unlock(&lock);
}

IOEventFlags __wrap_jshPopIOEvent(uint8_t *data, unsigned int *length) {
  pthread_mutex_lock(&lock);
  IOEventFlags e = __real_jshPopIOEvent(data, length);
  pthread_mutex_unlock(&lock);
  return e;
}

IOEventFlags __wrap_jshPopIOEventOfType(IOEventFlags eventType, uint8_t *data, unsigned int *length) {
  pthread_mutex_lock(&lock);
  IOEventFlags e = __real_jshPopIOEventOfType(eventType, data, length);
  pthread_mutex_unlock(&lock);
  return e;
}

void __wrap_jshTransmit(IOEventFlags device, unsigned char data) {
  pthread_mutex_lock(&lock);
  __real_jshTransmit(device, data);
  pthread_mutex_unlock(&lock);
}

IOEventFlags __wrap_jshGetDeviceToTransmit(void) {
  pthread_mutex_lock(&lock);
  IOEventFlags e = __real_jshGetDeviceToTransmit();
  pthread_mutex_unlock(&lock);
  return e;
}

int __wrap_jshGetCharToTransmit(IOEventFlags device) {
  pthread_mutex_lock(&lock);
  int c = __real_jshGetCharToTransmit(device);
  pthread_mutex_unlock(&lock);
  return c;
}
