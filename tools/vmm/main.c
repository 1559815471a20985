// SPDX-License-Identifier: GPL-2.0-only
/*
 * hvvmm: boot a Linux bzImage as a Hyper-V guest under KVM.
 *
 *   hvvmm --kernel bzImage [--initrd file] [--cmdline str] [--mem MiB]
 *         [--cpus N] [--nic mac=xx:xx:xx:xx:xx:xx] [--echo N] [--verbose]
 *
 * Exit status: 0 guest powered off, 2 guest reset or triple fault,
 * 3 VMM/KVM error, 1 bad usage or setup failure.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vm.h"

static struct vm the_vm;

static void print_usage(void)
{
	fputs("usage: hvvmm --kernel bzImage [--initrd file] [--cmdline str]\n"
		"             [--mem MiB] [--cpus N] [--nic mac=xx:xx:xx:xx:xx:xx]\n"
		"             [--echo N] [--verbose]\n", stderr);
	exit(1);
}

static void parse_nic(struct vm_options *o, const char *arg)
{
	unsigned int m[6];
	int i;

	if (sscanf(arg, "mac=%2x:%2x:%2x:%2x:%2x:%2x", &m[0], &m[1], &m[2],
		   &m[3], &m[4], &m[5]) != 6)
		die("--nic wants mac=xx:xx:xx:xx:xx:xx");
	for (i = 0; i < 6; i++)
		o->nic_mac[i] = m[i];
	o->have_nic = true;
}

static unsigned long parse_num(const char *s, unsigned long min,
			       unsigned long max, const char *what)
{
	char *end;
	unsigned long v = strtoul(s, &end, 0);

	if (*s == '\0' || *end != '\0' || v < min || v > max)
		die("%s must be %lu..%lu", what, min, max);
	return v;
}

static void parse_args(struct vm_options *o, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kernel", required_argument, NULL, 'k' },
		{ "initrd", required_argument, NULL, 'i' },
		{ "cmdline", required_argument, NULL, 'c' },
		{ "mem", required_argument, NULL, 'm' },
		{ "cpus", required_argument, NULL, 'p' },
		{ "nic", required_argument, NULL, 'n' },
		{ "echo", required_argument, NULL, 'e' },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	o->cmdline = "console=ttyS0";
	o->cpus = 1;
	o->mem_mb = 512;
	while ((c = getopt_long(argc, argv, "k:i:c:m:p:n:e:v", opts, NULL)) != -1) {
		switch (c) {
		case 'k':
			o->kernel = optarg;
			break;
		case 'i':
			o->initrd = optarg;
			break;
		case 'c':
			o->cmdline = optarg;
			break;
		case 'm':
			o->mem_mb = parse_num(optarg, 64, HVVMM_MAX_MEM_MB, "--mem");
			break;
		case 'p':
			o->cpus = parse_num(optarg, 1, HVVMM_MAX_CPUS, "--cpus");
			break;
		case 'n':
			parse_nic(o, optarg);
			break;
		case 'e':
			o->echo_devices = parse_num(optarg, 0, HVVMM_MAX_ECHO,
						    "--echo");
			break;
		case 'v':
			o->verbose = true;
			break;
		default:
			print_usage();
		}
	}
	if (!o->kernel || optind != argc)
		print_usage();
}

static void on_sigusr1(int sig)
{
	(void)sig;	/* only interrupts KVM_RUN; immediate_exit is set */
}

static void on_term(int sig)
{
	(void)sig;
	vm_stop(&the_vm, 3);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct vm *vm = &the_vm;
	struct sigaction sa = { .sa_handler = on_sigusr1 };
	double t0 = now();
	unsigned int i;

	parse_args(&vm->opt, argc, argv);
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	pthread_mutex_init(&vm->io_lock, NULL);
	stats_init(&vm->stats);

	vm_create(vm);
	cpuid_build(vm);
	for (i = 0; i < vm->opt.cpus; i++)
		vcpu_create(vm, i);
	boot_load(vm);
	boot_setup_bsp(vm, &vm->vcpus[0]);
	hvhost_open(vm);
	sint_setup(vm);
	if (vm->opt.have_nic)
		logmsg("nic mac=%02x:%02x:%02x:%02x:%02x:%02x (stored for NetVSP)",
		       vm->opt.nic_mac[0], vm->opt.nic_mac[1], vm->opt.nic_mac[2],
		       vm->opt.nic_mac[3], vm->opt.nic_mac[4], vm->opt.nic_mac[5]);
	logmsg("booting %s: %u vCPU, %lu MiB", vm->opt.kernel, vm->opt.cpus,
	       vm->opt.mem_mb);

	for (i = 0; i < vm->opt.cpus; i++)
		if (pthread_create(&vm->vcpus[i].thread, NULL, vcpu_thread,
				   &vm->vcpus[i]))
			die("pthread_create");
	for (i = 0; i < vm->opt.cpus; i++)
		pthread_join(vm->vcpus[i].thread, NULL);

	fflush(stdout);
	stats_print_final(vm);
	logmsg("hvhost relayed %lu messages, %lu signals",
	       atomic_load(&vm->hvhost.relayed_posts),
	       atomic_load(&vm->hvhost.relayed_signals));
	logmsg("exit %d after %.1f s", atomic_load(&vm->exit_code), now() - t0);
	return atomic_load(&vm->exit_code);
}
