// SPDX-License-Identifier: GPL-2.0-only
/* Logging, fatal errors, file loading and bounds-checked guest memory access. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vm.h"

static void vlog(const char *fmt, va_list ap, int err)
{
	char buf[512];
	int n;

	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n < 0)
		return;
	if (err)
		fprintf(stderr, "hvvmm: %s: %s\n", buf, strerror(err));
	else
		fprintf(stderr, "hvvmm: %s\n", buf);
	fflush(stderr);
}

void logmsg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(fmt, ap, 0);
	va_end(ap);
}

/* logmsg() within @site's budget; the line that ends it says so. */
void logmsg_site(struct vm *vm, enum log_site site, const char *fmt, ...)
{
	unsigned int n = atomic_fetch_add(&vm->log_lines[site], 1);
	va_list ap;

	if (n >= LOG_SITE_LINES)
		return;
	va_start(ap, fmt);
	vlog(fmt, ap, 0);
	va_end(ap);
	if (n == LOG_SITE_LINES - 1)
		logmsg("(that was the last such line: %u logged)",
		       LOG_SITE_LINES);
}

void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(fmt, ap, 0);
	va_end(ap);
	exit(1);
}

void die_errno(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	va_start(ap, fmt);
	vlog(fmt, ap, err);
	va_end(ap);
	exit(1);
}

/*
 * Return a host pointer for [gpa, gpa + len) if the whole range is guest
 * RAM, else NULL.  Written so that no addition can overflow.
 */
void *gpa_ptr(struct vm *vm, u64 gpa, u64 len)
{
	if (gpa > vm->mem_size || len > vm->mem_size - gpa)
		return NULL;
	return vm->mem + gpa;
}

void *read_file(const char *path, size_t *size)
{
	struct stat st;
	size_t done = 0;
	u8 *buf;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die_errno("open %s", path);
	if (fstat(fd, &st) < 0)
		die_errno("stat %s", path);
	if (st.st_size <= 0 || st.st_size > (1LL << 31))
		die("%s: unreasonable size %lld", path, (long long)st.st_size);
	buf = malloc(st.st_size);
	if (!buf)
		die("out of memory reading %s", path);
	while (done < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + done, st.st_size - done);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			die_errno("read %s", path);
		done += r;
	}
	close(fd);
	*size = done;
	return buf;
}
