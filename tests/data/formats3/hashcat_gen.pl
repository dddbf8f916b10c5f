#!/usr/bin/perl
# Calls module_generate_hash of one of hashcat's Perl test modules (tools/test_modules/mNNNNN.pm)
# and prints the hash. HASHCAT_DIR points at a hashcat checkout (not part of this repository).
# Usage: hashcat_gen.pl MODE WORD_HEX [ARG_HEX ...]   (arguments hex-encoded; "-" for undef)
use strict;
use warnings;
my $dir = $ENV{HASHCAT_DIR} or die "set HASHCAT_DIR\n";
my ($mode, @args) = @ARGV;
unshift @INC, "$dir/tools/test_modules";
require sprintf("m%05d.pm", $mode);
my @v = map { $_ eq '-' ? undef : pack('H*', $_) } @args;
no strict 'refs';
print &{"main::module_generate_hash"}(@v), "\n";
