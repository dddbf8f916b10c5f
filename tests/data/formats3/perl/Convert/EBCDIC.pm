package Convert::EBCDIC;
use strict; use warnings;
use Encode ();
use Exporter 'import';
our @EXPORT_OK = qw(ascii2ebcdic ebcdic2ascii);
sub ascii2ebcdic { Encode::encode('cp37', $_[0]) }
sub ebcdic2ascii { Encode::decode('cp37', $_[0]) }
1;
