using System.Text.Json.Nodes;
using BindingConformance.Cli;
using BindingConformance.Cli.Commands;
using BindingConformance.Oracles;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Cli;

public sealed class DoctorCommandTests
{
    [Fact]
    public async Task Json_output_is_exactly_one_object_listing_every_binding_of_the_design()
    {
        var (exit, stdout, _) = await Doctor("--json");

        exit.Should().Be(0);
        var json = JsonNode.Parse(stdout)!.AsObject();
        var bindings = json["bindings"]!.AsArray().Select(b => b!.AsObject()).ToArray();
        bindings.Select(b => b["id"]!.GetValue<string>()).Should().BeEquivalentTo(
            ["torchsharp", "libtorch-cpp", "onnxruntime-node", "pytorch-python", "tfjs", "onnxruntime", "tensorflow-net", "tensorflow-python", "tch-rs", "tensorflow-rust"]);
        foreach (var b in bindings)
        {
            b.Select(p => p.Key).Should().Contain(["id", "framework", "language", "available", "version", "devices", "absent_devices", "reason"]);
            if (b["available"]!.GetValue<bool>())
            {
                b["version"]!.GetValue<string>().Should().NotBeNullOrWhiteSpace();
                b["devices"]!.AsArray().Select(d => d!.GetValue<string>()).Should().Contain(Device.Cpu);
                b["reason"].Should().BeNull();
            }
            else b["reason"]!.GetValue<string>().Should().NotBeNullOrWhiteSpace();
        }
    }

    [Fact]
    public async Task Every_available_binding_without_cuda_says_why_in_its_own_terms()
    {
        var (_, stdout, _) = await Doctor("--json");

        var withoutCuda = JsonNode.Parse(stdout)!["bindings"]!.AsArray().Select(b => b!.AsObject())
            .Where(b => b["available"]!.GetValue<bool>() && !b["devices"]!.AsArray().Any(d => d!.GetValue<string>() == Device.Cuda))
            .ToArray();
        foreach (var b in withoutCuda)
            b["absent_devices"]![Device.Cuda]!.GetValue<string>().Should()
                .NotBeNullOrWhiteSpace($"{b["id"]} lacks CUDA and should say whether its build or the machine is why");
    }

    [Fact]
    public async Task The_bindings_bootstrap_builds_and_installs_are_available_with_their_release_and_engine()
    {
        var (_, stdout, _) = await Doctor("--json");

        var bindings = JsonNode.Parse(stdout)!["bindings"]!.AsArray().Select(b => b!.AsObject()).ToDictionary(b => b["id"]!.GetValue<string>());
        // bootstrap.sh compiles the C++ worker against Debian's libtorch-dev 1.13.1 (TORCH_VERSION 1.13.0) and npm ci installs onnxruntime-node 1.30.0.
        foreach (var (id, version, engine) in new[] { ("libtorch-cpp", "1.13.0", "libtorch"), ("onnxruntime-node", "1.30.0", "onnxruntime") })
        {
            bindings[id]["available"]!.GetValue<bool>().Should().BeTrue(bindings[id]["reason"]?.ToString());
            (bindings[id]["version"]!.GetValue<string>(), bindings[id]["engine"]!.GetValue<string>(), bindings[id]["engine_version"]!.GetValue<string>())
                .Should().Be((version, engine, version));
        }
    }

    [Fact]
    public async Task Bindings_that_cannot_be_had_here_are_reported_unavailable()
    {
        var (_, stdout, _) = await Doctor("--json");

        var unavailable = JsonNode.Parse(stdout)!["bindings"]!.AsArray()
            .Where(b => !b!["available"]!.GetValue<bool>()).Select(b => b!["id"]!.GetValue<string>());
        unavailable.Should().Contain(["tensorflow-net", "tensorflow-python", "tch-rs", "tensorflow-rust"]);
    }

    [Fact]
    public async Task Text_output_explains_the_libstdcxx_situation_and_counts_available_bindings()
    {
        var (exit, stdout, _) = await Doctor();

        exit.Should().Be(0);
        stdout.Should().Contain("GLIBCXX_3.4.32");
        stdout.Should().MatchRegex(@"\d of 10 bindings available");
    }

    [Fact]
    public async Task Text_output_states_the_trust_model()
    {
        var (_, stdout, _) = await Doctor();

        stdout.Split('\n').Should().Contain(
            "trust: TorchScript archives are code and ONNX files are graphs this process executes; load only files you trust (docs/trust-model.md)");
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> Doctor(params string[] options)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var exit = await CommandDispatcher.RunAsync([new DoctorCommand()], ["doctor", .. options], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
