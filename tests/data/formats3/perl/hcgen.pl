# Runs one of hashcat's Perl test modules (tools/test_modules/mNNNNN.pm, from a hashcat checkout
# named by HASHCAT_TEST_MODULES) on a chosen word and salt, the way hashcat's tools/test.pl does.
# usage: perl hcgen.pl MODE word salt [extra...]; arguments may use hashcat's $HEX[...] notation.
use strict; use warnings;
sub pack_if_HEX_notation { my $s = shift; return pack("H*", $1) if $s =~ /^\$HEX\[([0-9a-fA-F]*)\]$/; return $s }
sub random_number { my ($lo,$hi)=@_; return $lo + int(rand($hi-$lo+1)) }
sub random_bytes { my $n=shift; return join('', map { chr(int rand 256) } 1..$n) }
sub random_hex_string { my $n=shift; return join('', map { sprintf "%x", int rand 16 } 1..$n) }
sub random_lowercase_string { my $n=shift; return join('', map { chr(97+int rand 26) } 1..$n) }
sub random_numeric_string { my $n=shift; return join('', map { int rand 10 } 1..$n) }
sub random_string { my $n=shift; my @c=('a'..'z','A'..'Z','0'..'9'); return join('', map { $c[int rand @c] } 1..$n) }
my $mode = shift @ARGV;
require sprintf("%s/m%05d.pm", $ENV{HASHCAT_TEST_MODULES}, $mode);
my @args = map { pack_if_HEX_notation($_) } @ARGV;
# Modules that encode the word themselves (UTF-16) want characters, not UTF-8 bytes.
if ($ENV{HC_WORD_UTF8}) { require Encode; $args[0] = Encode::decode('UTF-8', $args[0]); }
print module_generate_hash(@args), "\n";
