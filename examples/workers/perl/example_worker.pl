#!/usr/bin/perl
# A minimal worker of BindingConformance's worker protocol (src/Oracles/Workers/PROTOCOL.md), to copy when writing
# a binding's worker in any language. It answers hello, echo and shutdown, and answers every other op, and every
# malformed request, with an error while staying alive. Core Perl only (JSON::PP, Time::HiRes).
#
# Check it:  conformance check-worker -- perl examples/workers/perl/example_worker.pl
# Use it:    conformance doctor --bindings-from examples/workers/perl/example-perl.binding.json
use strict;
use warnings;
use JSON::PP;
use Time::HiRes ();

use constant PROTOCOL => '1.0';    # the version of PROTOCOL.md this worker speaks
use constant MAX_HEADER => 64 * 1024 * 1024;
my %SIZE = (F32 => 4, F64 => 8, I64 => 8, I32 => 4, U8 => 1);
my $json = JSON::PP->new->utf8->canonical;

# stdout carries frames only: raw bytes, flushed after every frame. Diagnostics go to stderr.
binmode STDIN;
binmode STDOUT;
$| = 1;

# Exactly $count bytes from stdin; undef at a clean end of input, or die inside a frame.
sub read_exactly {
    my ($count, $what) = @_;
    my $data = '';
    while (length($data) < $count) {
        my $got = read(STDIN, $data, $count - length($data), length($data));
        die "read failed: $!\n" unless defined $got;
        last if $got == 0;
    }
    return undef if length($data) == 0 && $count > 0 && $what eq 'prefix';
    die "stream ended inside a frame's $what\n" if length($data) < $count;
    return $data;
}

# The byte length of one tensor spec, or die with why it cannot be sized.
sub tensor_length {
    my ($spec) = @_;
    die "frame tensor spec is not an object\n" unless ref $spec eq 'HASH';
    my $name = $spec->{name} // '(unnamed)';
    my $size = $SIZE{$spec->{dtype} // ''} or die "frame tensor '$name' has unknown dtype\n";
    die "frame tensor '$name' has no shape list\n" unless ref $spec->{shape} eq 'ARRAY';
    for my $dim (@{$spec->{shape}}) {
        die "frame tensor '$name' has an invalid shape\n" unless defined $dim && !ref $dim && $dim =~ /\A\d+\z/;
        $size *= $dim;
    }
    return $size;
}

sub write_frame {
    my ($header, @tensors) = @_;    # tensors: [spec, bytes] pairs
    $header->{tensors} = [map { $_->[0] } @tensors];
    my $body = $json->encode($header);
    print STDOUT pack('V', length $body), $body, map { $_->[1] } @tensors;
}

sub hello {
    return {
        protocol => PROTOCOL, binding => 'example-perl', version => '1.0.0',
        framework => 'example', language => 'perl', default => JSON::PP::false,
        engine => 'perl', engine_version => sprintf('%vd', $^V),
        devices => ['cpu'], absent_devices => { cuda => 'this example computes nothing on any device' },
        can_train => JSON::PP::false, models => [], save_formats => [], load_formats => [],
    };
}

# The protocol's own test op: progress frames, a pause, an error, else the args and tensors back unchanged.
sub echo {
    my ($id, $args, @tensors) = @_;
    my $count = $args->{progress} // 0;
    write_frame({ id => $id, event => 'progress', message => "echo $_/$count" }) for 1 .. $count;
    Time::HiRes::sleep($args->{sleep_seconds}) if $args->{sleep_seconds};
    die "$args->{fail}\n" if defined $args->{fail};
    return ({ args => $args }, @tensors);
}

while (1) {
    my $prefix = read_exactly(4, 'prefix') // last;
    my $length = unpack('V', $prefix);
    die "frame header of $length bytes exceeds the limit\n" if $length > MAX_HEADER;
    my $body = read_exactly($length, 'header');
    my $header = eval { $json->decode($body) };
    if (ref $header ne 'HASH') {
        write_frame({ id => undef, ok => JSON::PP::false, error => 'frame header is not a JSON object', type => 'MalformedRequest' });
        next;
    }
    my ($id, $op, $args) = ($header->{id}, $header->{op} // '', $header->{args} // {});
    my @specs = @{ref $header->{tensors} eq 'ARRAY' ? $header->{tensors} : []};
    my @lengths = eval { map { tensor_length($_) } @specs };
    if ($@) {
        chomp(my $why = $@);
        write_frame({ id => $id, ok => JSON::PP::false, error => $why, type => 'MalformedRequest' });
        next;
    }
    my @tensors = map { [$specs[$_], read_exactly($lengths[$_], 'payload')] } 0 .. $#specs;
    my @reply = eval {
        return (hello()) if $op eq 'hello';
        return echo($id, $args, @tensors) if $op eq 'echo';
        return ({}) if $op eq 'shutdown';
        die "unknown op '$op' (hello, echo, shutdown)\n";
    };
    if ($@) {
        chomp(my $why = $@);
        print STDERR "$op failed: $why\n";
        write_frame({ id => $id, ok => JSON::PP::false, error => $why, type => 'Error' });
        next;
    }
    my ($result, @out) = @reply;
    write_frame({ id => $id, ok => JSON::PP::true, result => $result }, @out);
    last if $op eq 'shutdown';
}
exit 0;
