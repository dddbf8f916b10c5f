<?php
// The applications' password recipes as their PHP code writes them, for gen.py.
// stdin: JSON list of [recipe, password, salt, salt2]; stdout: JSON list of stored values.
$recipes = [
    // DataLife Engine (engine/inc/include/functions.inc.php before 10.x).
    'dle' => fn($p, $s, $s2) => md5(md5($p)),
    // PHPFox (Phpfox_Hash::setHash).
    'phpfox' => fn($p, $s, $s2) => md5(md5($p) . md5($s)),
    // The ThinkPHP 5 convention hashcat names.
    'thinkphp5' => fn($p, $s, $s2) => md5(sha1($p) . $s),
    // Empire CMS (e/class/connect.php DoEmpireCMSAdminPassword).
    'empirecms' => fn($p, $s, $s2) => md5($s2 . 'E!m^p-i(r#e.C:M?S' . md5(md5($p) . $s) . 'd)i.g^o-d' . $s),
    // CubeCart (classes/password.class.php, legacy salted whirlpool).
    'cubecart' => fn($p, $s, $s2) => hash('whirlpool', $s . $p . $s),
    // WoltLab Community Framework 2.x PasswordUtil::getDoubleSaltedHash.
    'woltlab' => fn($p, $s, $s2) => crypt(crypt($p, $s), $s),
];
$out = [];
foreach (json_decode(stream_get_contents(STDIN), true) as [$r, $p, $s, $s2]) {
    $out[] = $recipes[$r]($p, $s, $s2);
}
echo json_encode($out), "\n";
