using System.Diagnostics;
using BindingConformance.Oracles.Hybridization;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.TorchSharp;
using BindingConformance.Tests.Shared;
using FluentAssertions;
using Xunit;
using static BindingConformance.Oracles.Tests.Hybridization.ProbeOutputs;

namespace BindingConformance.Oracles.Tests.Hybridization;

/// <summary>
/// The hazard probes in TorchSharp for real: written in C# (eager), compiled from TorchScript source, and Python's traced
/// and scripted archives loaded.
/// </summary>
[Collection(HazardProbeCollection.Name)]
public sealed class TorchSharpHazardProbeTests(HazardProbeRuns runs)
{
    private readonly TorchSharpOracle torchSharp = new(threads: 1);

    public static TheoryData<string> Hazards => [.. HazardProbes.Hazards];

    public static TheoryData<string, string> ArchivesOfEveryProbe
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var probe in HazardProbes.Hazards.Append(ModelZoo.LeNet1).Append(ModelZoo.Gru))
                foreach (var mode in new[] { ExecutionMode.Traced, ExecutionMode.Scripted }) data.Add(probe, mode);
            return data;
        }
    }

    [Fact]
    public async Task A_mode_torchsharp_lacks_fails_with_the_modes_it_has()
    {
        var run = () => torchSharp.RunProbeAsync(new ProbeRunRequest(HazardProbes.Get(HazardProbes.TensorBranch), ExecutionMode.Onnx, Device.Cpu, "/unused/artifacts"));

        (await run.Should().ThrowAsync<OracleException>()).Which.Message.Should().Be("torchsharp has no execution mode 'onnx' (modes: eager, traced, scripted, compiled)");
    }

    [Theory]
    [MemberData(nameof(Hazards))]
    public async Task Eager_outputs_follow_the_specified_formula(string probe)
    {
        var result = await torchSharp.RunProbeAsync(runs.Request(probe, ExecutionMode.Eager));

        result.Incompatible.Should().BeNull();
        result.Diagnostics.Should().BeEmpty();
        result.PassSeconds.Should().HaveCount(2);
        foreach (var input in HazardProbes.Get(probe).Cases)
            Output(result, input.Name).ToFloats().Should().Equal(HazardFormulas.Expected(probe, input), Close, $"{probe} case {input.Name}");
        result.SideEffects.Should().Be(probe switch
        {
            HazardProbes.SideEffectCounter => 3,
            HazardProbes.InPlaceInput => 2,
            _ => null,
        });
    }

    [Theory]
    [MemberData(nameof(ArchivesOfEveryProbe))]
    public async Task Python_archives_reproduce_pythons_outputs(string probe, string mode)
    {
        var python = await runs.RunPython(probe, mode);

        var result = await torchSharp.RunProbeAsync(runs.Request(probe, mode));

        result.Incompatible.Should().BeNull();
        result.Outputs.Select(o => o.Name).Should().Equal(python.Outputs.Select(o => o.Name), "the same cases run (and fail)");
        foreach (var expected in python.Outputs)
        {
            var output = Output(result, expected.Name);
            output.Shape.Should().Equal(expected.Shape, $"{probe} {mode} case {expected.Name}");
            output.ToFloats().Should().Equal(expected.ToFloats(), Close, $"{probe} {mode} case {expected.Name}");
        }
    }

    [Theory]
    [InlineData(ExecutionMode.Eager)]
    [InlineData(ExecutionMode.Traced)]
    [InlineData(ExecutionMode.Scripted)]
    public async Task A_control_trains_in_every_mode_with_the_losses_of_pythons_eager(string mode)
    {
        await runs.Capture(ModelZoo.LeNet1);
        var python = await runs.TrainPythonEager(ModelZoo.LeNet1);

        var result = await torchSharp.RunProbeAsync(runs.TrainingRequest(ModelZoo.LeNet1, mode));

        result.Untrainable.Should().BeNull();
        result.TrainingPassSeconds.Should().HaveCount(HazardProbeRuns.TrainingSteps).And.OnlyContain(s => s > 0);
        // Each step's loss differs from the last only if the optimizer changed the parameters the (loaded) module runs.
        result.TrainingLosses.Should().HaveCount(HazardProbeRuns.TrainingSteps).And.OnlyHaveUniqueItems();
        result.TrainingLosses[^1].Should().BeLessThan(result.TrainingLosses[0], "SGD steps on one batch lower its loss");
        result.TrainingLosses.Should().Equal(python.TrainingLosses, (a, b) => Math.Abs(a - b) <= 1e-4 * Math.Max(1, Math.Abs(b)), "the same weights, batch and optimizer");
    }

    [Fact]
    public async Task The_compiled_mode_has_no_control_to_train()
    {
        var result = await torchSharp.RunProbeAsync(runs.TrainingRequest(ModelZoo.LeNet1, ExecutionMode.Compiled));

        result.Incompatible.Should().StartWith("TorchSharp/hazard_probes.torchscript holds no TorchScript source of control LeNet1");
        result.TrainingPassSeconds.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Hazards))]
    public async Task Compiled_source_runs_as_eager_or_is_rejected(string probe)
    {
        var result = await torchSharp.RunProbeAsync(runs.Request(probe, ExecutionMode.Compiled));

        if (probe == HazardProbes.SideEffectCounter)
        {
            // TorchScript has no global state for the counter.
            result.Incompatible.Should().StartWith("TorchScript rejects the source of side-effect-counter: ");
            return;
        }
        result.Incompatible.Should().BeNull();
        foreach (var input in HazardProbes.Get(probe).Cases)
            Output(result, input.Name).ToFloats().Should().Equal(HazardFormulas.Expected(probe, input), Close, $"{probe} case {input.Name}");
    }

    [Fact]
    public async Task The_declared_rejection_is_what_torchscript_says_of_the_faithful_source()
    {
        // The section's commented-out source, compiled where a rejection is catchable: PyTorch's torch.jit.CompilationUnit.
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "TorchSharp", "hazard_probes.torchscript"));
        var section = lines.SkipWhile(l => l != "# probe: side-effect-counter").Skip(1).TakeWhile(l => !l.StartsWith("# probe: ")).ToArray();
        var declared = section.Single(l => l.StartsWith("# incompatible: "));
        var source = string.Join('\n', section.Where(l => l.StartsWith("#   ")).Select(l => l[4..])) + "\n";
        var info = new ProcessStartInfo(ShippedWorkers.PythonExecutable, ["-c", "import sys, torch; torch.jit.CompilationUnit(sys.stdin.read())"])
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
        };
        using var python = Process.Start(info)!;
        await python.StandardInput.WriteAsync(source);
        python.StandardInput.Close();
        var error = await python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();

        python.ExitCode.Should().NotBe(0);
        error.Should().Contain("Unrecognized statement kind global");
        declared.Should().Contain("\"Unrecognized statement kind global\"");
    }

    [Fact]
    public async Task Eager_control_runs_the_initial_weights_python_wrote()
    {
        var python = await runs.RunPython(ModelZoo.LeNet1, ExecutionMode.Eager);

        var result = await torchSharp.RunProbeAsync(runs.Request(ModelZoo.LeNet1, ExecutionMode.Eager));

        foreach (var expected in python.Outputs)
            Output(result, expected.Name).ToFloats().Should().Equal(expected.ToFloats(), Close);
    }

    [Fact]
    public async Task Missing_archives_and_weights_say_which_file()
    {
        var empty = Directory.CreateTempSubdirectory("no-captures-").FullName;
        try
        {
            var traced = await torchSharp.RunProbeAsync(new ProbeRunRequest(HazardProbes.Get(HazardProbes.TensorBranch), ExecutionMode.Traced, Device.Cpu, empty));
            traced.Incompatible.Should().Be(
                $"no traced archive of tensor-branch: {Path.Combine(empty, "tensor-branch.traced.pt")} does not exist (the reference's traced mode writes it)");

            var eager = () => torchSharp.RunProbeAsync(new ProbeRunRequest(HazardProbes.Get(ModelZoo.LeNet1), ExecutionMode.Eager, Device.Cpu, empty));
            (await eager.Should().ThrowAsync<OracleException>()).Which.Message.Should().Be(
                $"no initial weights of control LeNet1: {Path.Combine(empty, "LeNet1.safetensors")} does not exist (the reference's eager mode writes it)");
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }
}
