// SPDX-License-Identifier: GPL-2.0-only
/*
 * Synthetic NICs (HVHOST_DEVICE_NET): parse "mac=..,mtu=..,ifname=..",
 * derive the instance GUID from the MAC, add and remove NICs through
 * /dev/hvhost and remember what was added so that a NIC can be removed
 * or re-added by MAC (control.c).
 *
 * Instance GUID: 6876686e-0000-4000-8000-<the MAC's 12 hex digits>, e.g.
 * 6876686e-0000-4000-8000-00155dc00002 for 00:15:5d:c0:00:02.  That is the
 * name of the device in the guest's /sys/bus/vmbus/devices, so a test in
 * the guest knows where to look, and a NIC re-added with the same MAC is
 * the same device to the guest.  The echo devices (hvhost.c) use
 * 6876686f-...: the two ranges cannot collide.
 */
#include <ctype.h>
#include <errno.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "vm.h"

void nic_table_init(struct nic_table *t)
{
	memset(t, 0, sizeof(*t));
	pthread_mutex_init(&t->lock, NULL);
}

void nic_format_mac(const u8 mac[6], char buf[18])
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x",
		 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

/* Exactly "xx:xx:xx:xx:xx:xx" (hex, either case), @len bytes of @s. */
static int parse_mac(const char *s, size_t len, u8 mac[6])
{
	unsigned int i, v;

	if (len != 17)
		return -1;
	for (i = 0; i < 6; i++) {
		const char *p = s + 3 * i;
		char hex[3] = { p[0], p[1], 0 };
		char *end;

		if (i < 5 && p[2] != ':')
			return -1;
		if (!isxdigit((unsigned char)p[0]) ||
		    !isxdigit((unsigned char)p[1]))
			return -1;
		v = strtoul(hex, &end, 16);
		if (*end)
			return -1;
		mac[i] = v;
	}
	return 0;
}

/* What the kernel's dev_valid_name() accepts, without the '%' patterns. */
static bool ifname_ok(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len >= IFNAMSIZ)
		return false;
	if ((len == 1 && s[0] == '.') || (len == 2 && !strncmp(s, "..", 2)))
		return false;
	for (i = 0; i < len; i++)
		if (s[i] == '/' || s[i] == ':' || s[i] == '%' ||
		    s[i] <= ' ' || s[i] == 0x7f)
			return false;
	return true;
}

/* Put the reason for a refusal in @err; returns -1. */
__printf(3, 4) static int perr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* mac=: a unicast, non-zero address. */
static int parse_mac_value(const char *v, size_t len, struct nic_spec *s,
			   char *err, size_t errlen)
{
	static const u8 zero[6];

	if (parse_mac(v, len, s->mac))
		return perr(err, errlen, "mac wants xx:xx:xx:xx:xx:xx");
	if (s->mac[0] & 1)
		return perr(err, errlen, "mac is a multicast address");
	if (!memcmp(s->mac, zero, 6))
		return perr(err, errlen, "mac is all zero");
	return 0;
}

/* mtu=: decimal NIC_MTU_MIN..NIC_MTU_MAX. */
static int parse_mtu_value(const char *v, size_t len, struct nic_spec *s,
			   char *err, size_t errlen)
{
	char num[8] = { 0 };
	unsigned long mtu;
	char *end;

	if (len == 0 || len >= sizeof(num) || !isdigit((unsigned char)v[0]))
		goto bad;
	memcpy(num, v, len);
	mtu = strtoul(num, &end, 10);
	if (*end || mtu < NIC_MTU_MIN || mtu > NIC_MTU_MAX)
		goto bad;
	s->mtu = mtu;
	return 0;
bad:
	return perr(err, errlen, "mtu must be %d..%d", NIC_MTU_MIN, NIC_MTU_MAX);
}

/* ifname=: a name the kernel would take, without '%' patterns. */
static int parse_ifname_value(const char *v, size_t len, struct nic_spec *s,
			      char *err, size_t errlen)
{
	if (!ifname_ok(v, len))
		return perr(err, errlen,
			    "ifname must be 1..%d characters, none of / : %% or blanks",
			    IFNAMSIZ - 1);
	memcpy(s->ifname, v, len);
	s->ifname[len] = '\0';
	return 0;
}

static const struct nic_key {
	const char *name;
	bool del_ok;		/* nic-del takes it */
	int (*parse)(const char *v, size_t len, struct nic_spec *s,
		     char *err, size_t errlen);
} nic_keys[] = {
	{ "mac", true, parse_mac_value },
	{ "mtu", false, parse_mtu_value },
	{ "ifname", false, parse_ifname_value },
};

/*
 * Parse a NIC spec, "mac=xx:xx:xx:xx:xx:xx[,mtu=N][,ifname=NAME]" with the
 * keys in any order, each at most once.  @want_mac_only: "nic-del" takes
 * only mac=.  Returns 0, or -1 with a reason in @err.
 */
int nic_parse(const char *arg, struct nic_spec *s, bool want_mac_only,
	      char *err, size_t errlen)
{
	unsigned int seen = 0, i;
	const char *p = arg;

	memset(s, 0, sizeof(*s));
	if (strlen(arg) > NIC_SPEC_MAX)
		return perr(err, errlen, "spec longer than %d bytes", NIC_SPEC_MAX);
	while (*p) {
		const char *end = strchrnul(p, ','), *eq = memchr(p, '=', end - p);
		const struct nic_key *k = NULL;

		if (!eq)
			return perr(err, errlen, "'%.*s' is not key=value",
				    (int)(end - p), p);
		for (i = 0; i < ARRAY_SIZE(nic_keys); i++)
			if (strlen(nic_keys[i].name) == (size_t)(eq - p) &&
			    !strncmp(p, nic_keys[i].name, eq - p) &&
			    (nic_keys[i].del_ok || !want_mac_only))
				k = &nic_keys[i];
		if (!k)
			return perr(err, errlen, "unknown key '%.*s'",
				    (int)(eq - p), p);
		if (seen & BIT(k - nic_keys))
			return perr(err, errlen, "%s= given twice", k->name);
		seen |= BIT(k - nic_keys);
		if (k->parse(eq + 1, end - eq - 1, s, err, errlen))
			return -1;
		if (*end && !end[1])
			return perr(err, errlen, "trailing ','");
		p = *end ? end + 1 : end;
	}
	if (!(seen & BIT(0)))
		return perr(err, errlen, "mac= is required");
	return 0;
}

/* One --nic: up to HVVMM_MAX_NICS, each MAC and each ifname once. */
int nic_opt_add(struct vm_options *o, const char *arg, char *err,
		size_t errlen)
{
	struct nic_spec s;
	unsigned int i;

	if (o->nr_nics >= HVVMM_MAX_NICS)
		return perr(err, errlen, "at most %d NICs", HVVMM_MAX_NICS);
	if (nic_parse(arg, &s, false, err, errlen))
		return -1;
	for (i = 0; i < o->nr_nics; i++) {
		if (!memcmp(o->nics[i].mac, s.mac, 6))
			return perr(err, errlen, "MAC given twice");
		if (s.ifname[0] && !strcmp(o->nics[i].ifname, s.ifname))
			return perr(err, errlen, "ifname given twice");
	}
	o->nics[o->nr_nics++] = s;
	return 0;
}

void nic_instance(const u8 mac[6], u8 instance[16])
{
	static const u8 base[10] = {
		0x6e, 0x68, 0x76, 0x68, 0x00, 0x00, 0x00, 0x40, 0x80, 0x00,
	};

	memcpy(instance, base, sizeof(base));
	memcpy(instance + 10, mac, 6);
}

/* The slot that has @mac, else NULL.  Caller holds t->lock. */
static struct nic *nic_find(struct nic_table *t, const u8 mac[6])
{
	unsigned int i;

	for (i = 0; i < HVVMM_MAX_NICS; i++)
		if (t->nic[i].used && !memcmp(t->nic[i].spec.mac, mac, 6))
			return &t->nic[i];
	return NULL;
}

/*
 * A free slot.  A slot whose port is gone (`ip link del` rescinded the NIC
 * behind hvvmm's back) counts as free.  Caller holds t->lock.
 */
static struct nic *nic_free_slot(struct nic_table *t)
{
	char name[IF_NAMESIZE];
	unsigned int i;

	for (i = 0; i < HVVMM_MAX_NICS; i++)
		if (!t->nic[i].used)
			return &t->nic[i];
	for (i = 0; i < HVVMM_MAX_NICS; i++)
		if (!if_indextoname(t->nic[i].ifindex, name))
			return &t->nic[i];
	return NULL;
}

#define MSG(...) snprintf(msg, msglen, __VA_ARGS__)

/*
 * Offer a NIC to the guest (HVHOST_ADD_DEVICE, type NET).  Returns 0 and
 * "port NAME ifindex N" in @msg, or -errno and the reason.  Safe from any
 * thread.
 */
int nic_add(struct vm *vm, const struct nic_spec *s, char *msg, size_t msglen)
{
	struct nic_table *t = &vm->nics;
	struct hvhost_device d;
	char mac[18];
	struct nic *n;
	int err = 0;

	nic_format_mac(s->mac, mac);
	if (vm->hvhost.fd < 0) {
		MSG("no /dev/hvhost");
		return -ENODEV;
	}
	memset(&d, 0, sizeof(d));
	d.type = HVHOST_DEVICE_NET;
	nic_instance(s->mac, d.instance);
	memcpy(d.net.mac, s->mac, 6);
	d.net.mtu = s->mtu;
	memcpy(d.net.ifname, s->ifname, sizeof(d.net.ifname));

	pthread_mutex_lock(&t->lock);
	/* Re-adding a MAC reuses its slot: its port may be gone already. */
	n = nic_find(t, s->mac);
	if (!n)
		n = nic_free_slot(t);
	if (!n) {
		MSG("at most %d NICs", HVVMM_MAX_NICS);
		err = -ENOSPC;
		goto out;
	}
	if (ioctl(vm->hvhost.fd, HVHOST_ADD_DEVICE, &d) < 0) {
		err = -errno;
		MSG("HVHOST_ADD_DEVICE: %s%s", strerror(errno),
		    errno == EOPNOTSUPP ? " (is hvhost_net available?)" : "");
		goto out;
	}
	n->used = true;
	n->spec = *s;
	memcpy(n->port, d.net.ifname, sizeof(n->port));
	n->port[sizeof(n->port) - 1] = '\0';
	n->ifindex = d.net.ifindex;
	MSG("port %s ifindex %u", n->port, n->ifindex);
	logmsg("nic %s port %s ifindex %u", mac, n->port, n->ifindex);
out:
	pthread_mutex_unlock(&t->lock);
	return err;
}

/*
 * Rescind the NIC with @mac (HVHOST_REMOVE_DEVICE); its host port goes
 * too.  Returns 0 or -errno with the reason in @msg.  Safe from any thread.
 */
int nic_del(struct vm *vm, const u8 mac[6], char *msg, size_t msglen)
{
	struct nic_table *t = &vm->nics;
	struct hvhost_device d;
	struct nic *n;
	int err = 0;

	if (vm->hvhost.fd < 0) {
		MSG("no /dev/hvhost");
		return -ENODEV;
	}
	memset(&d, 0, sizeof(d));
	d.type = HVHOST_DEVICE_NET;
	nic_instance(mac, d.instance);

	pthread_mutex_lock(&t->lock);
	n = nic_find(t, mac);
	if (!n) {
		MSG("no NIC with that MAC");
		err = -ENOENT;
		goto out;
	}
	if (ioctl(vm->hvhost.fd, HVHOST_REMOVE_DEVICE, &d) < 0) {
		err = -errno;
		MSG("HVHOST_REMOVE_DEVICE: %s", strerror(errno));
		/* -ENOENT: hvhost has no such NIC any more; neither do we. */
		if (errno == ENOENT)
			n->used = false;
		goto out;
	}
	n->used = false;
	MSG("removed, port %s", n->port);
out:
	pthread_mutex_unlock(&t->lock);
	return err;
}

/* Add every --nic; a NIC the user asked for and did not get is fatal. */
void nic_add_all(struct vm *vm)
{
	char msg[128], mac[18];
	unsigned int i;

	for (i = 0; i < vm->opt.nr_nics; i++) {
		if (nic_add(vm, &vm->opt.nics[i], msg, sizeof(msg))) {
			nic_format_mac(vm->opt.nics[i].mac, mac);
			die("--nic mac=%s: %s", mac, msg);
		}
	}
}
