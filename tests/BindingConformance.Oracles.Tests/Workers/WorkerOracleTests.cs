using System.Text.Json.Nodes;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.Mutants;
using BindingConformance.Oracles.Workers;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.Workers;

/// <summary>
/// The generic worker oracle for real, on workers the tests choose (<c>declaring_worker.py</c>): an absent binding is a
/// skip with its reason and every capability, never a crash; a worker that answers gets the capabilities it declares.
/// </summary>
public sealed class WorkerOracleTests : IDisposable
{
    private readonly ManifestFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task A_worker_that_answers_hello_is_available_with_what_it_declares()
    {
        await using var oracle = Oracle(folder.Declaring("declaring", ManifestFolder.Hello()));

        var availability = oracle.Probe();

        availability.Available.Should().BeTrue(availability.Reason);
        availability.Version.Should().Be("0.1");
        oracle.Binding.Should().Be(new BindingDescriptor("declaring", "pytorch", "python", IsDefault: false));
        oracle.Capabilities.Models.Should().Equal(ModelZoo.LeNet1);
        oracle.Capabilities.LoadFormats.Should().Equal(ModelFormat.Safetensors);
        oracle.Capabilities.CanTrain.Should().BeFalse();
    }

    [Theory]
    [InlineData("/nonexistent/worker", "the worker's executable '/nonexistent/worker' does not exist")]
    [InlineData("no-such-worker-on-path", "the worker's executable 'no-such-worker-on-path' is not on PATH")]
    public async Task A_missing_executable_is_an_absent_binding_with_the_reason_and_the_install_hint(string executable, string reason)
    {
        await using var oracle = Oracle(folder.Declaring("absent", ManifestFolder.Hello(), new JsonObject { ["executable"] = executable }));

        var availability = oracle.Probe();

        availability.Should().BeEquivalentTo(new { Available = false, Reason = reason, Fix = "see the test" });
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task A_relative_executable_is_taken_from_the_manifests_folder_not_the_current_one()
    {
        var bin = Directory.CreateDirectory(Path.Combine(folder.Path, "bin")).FullName;
        var wrapper = Path.Combine(bin, "worker.sh");
        File.WriteAllText(wrapper, "#!/bin/sh\nexec /usr/bin/python3 \"$@\"\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await using var oracle = Oracle(folder.Declaring("relative", ManifestFolder.Hello(), new JsonObject { ["executable"] = "bin/worker.sh" }));

        oracle.Probe().Available.Should().BeTrue(oracle.Probe().Reason);
    }

    [Fact]
    public async Task An_invalid_manifest_is_an_absent_binding_whose_every_cell_exists_and_is_skipped_with_that_reason()
    {
        var file = folder.Write("broken", """{"binding": "broken", "framework": "pytorch", "language": "python", "arguments": "worker.py"}""");
        await using var oracle = Oracle(file);

        var availability = oracle.Probe();

        availability.Available.Should().BeFalse();
        availability.Reason.Should().Be($"its manifest {file} is invalid: 'executable' is missing; 'arguments' must be a list of strings, got string \"worker.py\"");
        availability.Fix.Should().Contain("PROTOCOL.md");
        // Nothing is known of an absent binding, so no cell is dropped or skipped for a reason it might not have.
        oracle.Capabilities.Models.Should().Equal(ModelZoo.Names);
        oracle.Capabilities.LoadFormats.Should().Equal(Enum.GetValues<ModelFormat>());
        oracle.Capabilities.ExecutionModes.Should().Equal(ExecutionMode.All);
        availability.WhyNot(Device.Cpu).Should().Be($"broken not available: {availability.Reason}");
        var evaluate = () => oracle.EvaluateAsync(new EvaluateRequest(ModelZoo.Get(ModelZoo.LeNet1), DatasetCatalog.Default.Get(DatasetNames.Mnist),
            ModelFormat.Safetensors, "/nonexistent.safetensors", Device.Cpu));
        (await evaluate.Should().ThrowAsync<OracleException>()).Which.Message.Should().Be($"broken not available: {availability.Reason}");
    }

    [Fact]
    public async Task A_worker_of_another_protocol_major_version_is_absent_saying_so()
    {
        await using var oracle = Oracle(folder.Declaring("future", ManifestFolder.Hello(new JsonObject { ["protocol"] = "2.0" })));

        oracle.Probe().Reason.Should().Be("it speaks worker protocol 2.0 and this product speaks 1.1: a different major version is not compatible (update BindingConformance)");
    }

    [Fact]
    public async Task A_hello_that_contradicts_the_manifest_or_cannot_be_read_makes_the_binding_absent()
    {
        var contradicting = folder.Declaring("contradicting", ManifestFolder.Hello(new JsonObject { ["framework"] = "tensorflow" }));
        var unreadable = folder.Declaring("unreadable", ManifestFolder.Hello(new JsonObject { ["models"] = 5 }));
        await using var first = Oracle(contradicting);
        await using var second = Oracle(unreadable);

        first.Probe().Reason.Should().Be($"its hello says framework 'tensorflow' and its manifest 'pytorch' ({contradicting})");
        second.Probe().Reason.Should().Be("hello: 'models' must be a list of strings, got 5");
    }

    [Fact]
    public async Task A_worker_that_dies_before_answering_is_absent_with_its_exit_code_and_stderr()
    {
        var file = folder.Write("dying", """
            {"binding": "dying", "framework": "pytorch", "language": "python", "executable": "/usr/bin/python3",
             "arguments": ["-c", "import sys; print('no torch here', file=sys.stderr); sys.exit(3)"]}
            """);
        await using var oracle = Oracle(file);

        var reason = oracle.Probe().Reason;

        reason.Should().Contain("dying worker failed during 'hello'").And.Contain("exit code 3").And.Contain("no torch here");
    }

    [Fact]
    public async Task The_command_expands_placeholders_sets_the_environment_and_folder_and_passes_the_thread_count()
    {
        var variable = $"BC_TEST_{Guid.NewGuid():N}";
        var work = Directory.CreateDirectory(Path.Combine(folder.Path, "work")).FullName;
        var hello = ManifestFolder.Hello(new JsonObject { ["report_variables"] = new JsonArray(variable, "HOME") });
        var file = folder.Declaring("command", hello, new JsonObject
        {
            ["arguments"] = new JsonArray(ManifestFolder.DeclaringWorker, hello.ToJsonString(), "{manifest_dir}/x", "{packages}", "{cache}"),
            ["packages"] = "{root}/somewhere", ["environment"] = new JsonObject { [variable] = "{manifest_dir}", ["HOME"] = null },
            ["working_directory"] = "work", ["threads"] = new JsonObject { ["argument"] = "--threads", ["count"] = 1 },
        });
        var (command, whyNot) = WorkerCommand.Resolve(BindingManifestReader.Read(file), threads: 3);
        await using var worker = command!.Start("command");

        var reply = (await worker.RequestAsync("hello", null, [], TimeSpan.FromMinutes(1))).Result;

        whyNot.Should().BeNull();
        reply["argv"]!.AsArray().Select(a => a!.GetValue<string>()).Should().Equal(
            $"{folder.Path}/x", $"{ProductPaths.Root}/somewhere", ProductPaths.Cache, "--threads", "3");
        reply["cwd"]!.GetValue<string>().Should().Be(work);
        reply["environment"]![variable]!.GetValue<string>().Should().Be(folder.Path);
        reply["environment"]!["HOME"].Should().BeNull("a null value removes the variable");
    }

    [Fact]
    public void The_manifests_variable_overrides_its_executable_and_the_manifests_count_the_environments()
    {
        var variable = $"BC_TEST_{Guid.NewGuid():N}";
        var file = folder.Declaring("overridden", ManifestFolder.Hello(), new JsonObject
        {
            ["executable"] = "/nonexistent/python", ["executable_variable"] = variable,
            ["threads"] = new JsonObject { ["argument"] = "--threads", ["count"] = 1 },
        });
        Environment.SetEnvironmentVariable(variable, "/usr/bin/python3");
        try
        {
            var (command, _) = WorkerCommand.Resolve(BindingManifestReader.Read(file), threads: null);

            command!.Executable.Should().Be("/usr/bin/python3");
            command.Arguments.Should().EndWith(["--threads", "1"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
        WorkerCommand.Resolve(BindingManifestReader.Read(file), threads: null).WhyNot.Should().Be("the worker's executable '/nonexistent/python' does not exist");
    }

    [Fact]
    public async Task A_mutant_wraps_the_generic_oracle_keeping_its_step_probe_progress_and_declaration()
    {
        await using var oracle = Oracle(folder.Declaring("wrapped", ManifestFolder.Hello(new JsonObject { ["training_step"] = true })));
        var scratch = Directory.CreateDirectory(Path.Combine(folder.Path, "scratch")).FullName;
        await using var mutant = MutantOracle.Around(oracle, MutantCatalog.Get("logits-scaled"), scratch);

        mutant.Should().BeAssignableTo<ITrainingStepProbe>().And.BeAssignableTo<IReportsProgress>();
        var bug = MutantCatalog.Get("logits-scaled");
        mutant.Binding.Should().Be(oracle.Binding with { Variant = new BindingVariant(bug.Name, bug.Bug, AltersSavedFiles: false) },
            "the generic oracle's binding, under the simulated bug it runs with");
        mutant.Capabilities.Should().BeSameAs(oracle.Capabilities);
        mutant.Probe().Should().Be(oracle.Probe());
    }

    [Fact]
    public async Task A_worker_of_protocol_1_0_is_not_asked_the_several_step_probe_and_says_why()
    {
        await using var oracle = Oracle(folder.Declaring("old-step", ManifestFolder.Hello(new JsonObject { ["protocol"] = "1.0", ["training_step"] = true })));

        oracle.Probe().Available.Should().BeTrue("a 1.0 worker is still a binding of this 1.1 host");
        oracle.WhyNoStep.Should().StartWith("old-step does not run the training-step probe: it speaks worker protocol 1.0, whose step takes one batch");
        var step = () => oracle.StepAsync(TrainingStepRequest.OnTestSplit(ModelZoo.Get(ModelZoo.LeNet1), "unused.safetensors",
            DatasetCatalog.Default.Get(DatasetNames.Mnist, trainCount: 32, testCount: 8), Device.Cpu, seed: 1));
        (await step.Should().ThrowAsync<OracleException>()).Which.Message.Should().Be(oracle.WhyNoStep);
    }

    private static WorkerOracle Oracle(string manifest) => new(BindingManifestReader.Read(manifest));
}
