package Digest::SHA1;
use strict; use warnings;
use Digest::SHA ();
use Exporter 'import';
our @EXPORT_OK = qw(sha1 sha1_hex sha1_base64);
sub sha1 { Digest::SHA::sha1(@_) }
sub sha1_hex { Digest::SHA::sha1_hex(@_) }
sub sha1_base64 { Digest::SHA::sha1_base64(@_) }
sub new { Digest::SHA->new(1) }
1;
