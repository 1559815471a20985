// SPDX-License-Identifier: GPL-2.0-only
/*
 * --control PATH: a FIFO that hvvmm creates (mode 0600) and removes at
 * exit.  A thread reads one command per line while the guest runs:
 *
 *   nic-add mac=xx:xx:xx:xx:xx:xx[,mtu=N][,ifname=NAME]
 *   nic-del mac=xx:xx:xx:xx:xx:xx
 *
 * and answers each with one line on stderr:
 *
 *   hvvmm: control: <command>: ok <detail>
 *   hvvmm: control: <command>: error <reason>
 *
 * Blank lines and lines starting with '#' are ignored; a line longer than
 * CONTROL_LINE_MAX is refused whole.  The FIFO is opened read-write so
 * that writers may come and go without the reader seeing end-of-file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vm.h"

#define CONTROL_LINE_MAX	256

/*
 * Run one command line (no newline).  Returns 0 if it succeeded; @ans
 * gets "ok ..." or "error ...".  Called by the control thread, and by the
 * self-tests.
 */
int control_command(struct vm *vm, const char *line, char *ans, size_t len)
{
	char msg[160];
	struct nic_spec s;
	int r;

	if (!strncmp(line, "nic-add ", 8)) {
		if (nic_parse(line + 8, &s, false, msg, sizeof(msg)))
			goto bad;
		r = nic_add(vm, &s, msg, sizeof(msg));
	} else if (!strncmp(line, "nic-del ", 8)) {
		if (nic_parse(line + 8, &s, true, msg, sizeof(msg)))
			goto bad;
		r = nic_del(vm, s.mac, msg, sizeof(msg));
	} else {
		snprintf(msg, sizeof(msg), "unknown command (nic-add, nic-del)");
		goto bad;
	}
	snprintf(ans, len, "%s %s", r ? "error" : "ok", msg);
	return r ? -1 : 0;
bad:
	snprintf(ans, len, "error %s", msg);
	return -1;
}

static void control_line(struct vm *vm, const char *line)
{
	char ans[200];

	if (!line[0] || line[0] == '#')
		return;
	control_command(vm, line, ans, sizeof(ans));
	logmsg("control: %s: %s", line, ans);
}

static void *control_thread(void *arg)
{
	struct vm *vm = arg;
	char buf[CONTROL_LINE_MAX + 1];
	size_t have = 0;
	bool overlong = false;

	for (;;) {
		ssize_t r = read(vm->control_fd, buf + have,
				 CONTROL_LINE_MAX - have);
		char *nl;

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			logmsg("control: read: %s", r ? strerror(errno) : "EOF");
			return NULL;
		}
		have += r;
		while ((nl = memchr(buf, '\n', have))) {
			*nl = '\0';
			if (overlong)
				logmsg("control: line longer than %d bytes: error refused",
				       CONTROL_LINE_MAX);
			else
				control_line(vm, buf);
			overlong = false;
			have -= nl + 1 - buf;
			memmove(buf, nl + 1, have);
		}
		if (have == CONTROL_LINE_MAX) {
			overlong = true;	/* drop it up to its newline */
			have = 0;
		}
	}
}

/* Create the FIFO and start its reader; before the vCPUs run. */
void control_start(struct vm *vm)
{
	const char *path = vm->opt.control;
	struct stat st;
	pthread_t t;

	vm->control_fd = -1;
	if (!path)
		return;
	if (lstat(path, &st) == 0) {
		if (!S_ISFIFO(st.st_mode))
			die("--control %s exists and is not a FIFO", path);
		unlink(path);
	}
	if (mkfifo(path, 0600) < 0)
		die_errno("mkfifo %s", path);
	vm->control_fd = open(path, O_RDWR | O_CLOEXEC);
	if (vm->control_fd < 0)
		die_errno("open %s", path);
	if (pthread_create(&t, NULL, control_thread, vm))
		die("pthread_create (control)");
	pthread_detach(t);
	logmsg("control: reading commands from %s", path);
}

/* At exit: the reader dies with the process; remove the FIFO. */
void control_stop(struct vm *vm)
{
	if (vm->control_fd >= 0)
		unlink(vm->opt.control);
}
