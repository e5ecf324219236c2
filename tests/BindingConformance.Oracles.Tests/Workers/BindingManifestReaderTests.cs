using BindingConformance.Oracles.Workers;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.Workers;

/// <summary>
/// Every field of a manifest is hostile input: a file that names no binding is refused with one line naming it; any other
/// fault is the binding's problem (it becomes absent with that reason), never an exception later.
/// </summary>
public sealed class BindingManifestReaderTests : IDisposable
{
    private readonly ManifestFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData("{not json", "is not valid JSON")]
    [InlineData("[1, 2]", "is not a JSON object")]
    [InlineData("""{"framework": "pytorch"}""", "has no string 'binding' (the binding id)")]
    [InlineData("""{"binding": 42}""", "has no string 'binding' (the binding id)")]
    [InlineData("""{"binding": "tfjs@4.10.0"}""", "binding id 'tfjs@4.10.0' holds '@', which separates a release; name releases under 'releases'")]
    [InlineData("""{"binding": "../../etc"}""", "binding id '../../etc' is not allowed")]
    public void A_file_that_names_no_binding_is_refused_with_one_line_naming_it(string json, string expected)
    {
        var file = folder.Write("bad", json);

        var read = () => BindingManifestReader.Read(file);

        read.Should().Throw<BindingManifestException>().Which.Message.Should().StartWith($"binding manifest {file}").And.Contain(expected);
    }

    [Fact]
    public void A_missing_or_oversized_file_is_refused_before_it_is_read()
    {
        var missing = Path.Combine(folder.Path, "none.binding.json");
        var huge = folder.Write("huge", "{\"binding\": \"x\", \"description\": \"" + new string('x', BindingManifestReader.MaxBytes) + "\"}");

        ((Action)(() => BindingManifestReader.Read(missing))).Should().Throw<BindingManifestException>().WithMessage($"binding manifest {missing} does not exist");
        ((Action)(() => BindingManifestReader.Read(huge))).Should().Throw<BindingManifestException>().WithMessage("*a manifest is at most 1048576");
    }

    [Fact]
    public void Missing_fields_wrong_types_and_unknown_fields_are_each_named_in_the_problem()
    {
        var file = folder.Write("faulty", """
            {
              "binding": "faulty", "language": 3, "default": "yes", "arguments": "worker.py", "environment": ["A=1"],
              "threads": {"argument": "--threads", "count": 0}, "releases": {"npm": []}, "argumets": []
            }
            """);

        var manifest = BindingManifestReader.Read(file);

        manifest.Id.Should().Be("faulty");
        manifest.Problem.Should().Be(string.Join("; ",
            "unknown field 'argumets' (known: binding, description, framework, language, default, executable, executable_variable, arguments, environment, working_directory, install_hint, packages, threads, releases)",
            "'framework' is missing",
            "'language' must be a non-empty string, got number 3",
            "'default' must be true or false, got string \"yes\"",
            "'executable' is missing",
            "'arguments' must be a list of strings, got string \"worker.py\"",
            "'environment' must be an object of variable names to strings (or null to remove one), got array [\"A=1\"]",
            "'threads.count' must be a positive integer, got number 0",
            "'releases.npm' must list the npm packages of one release",
            "'releases' needs a 'packages' folder for the worker to load each release from"));
        manifest.Descriptor.Should().Be(new BindingDescriptor("faulty", "unknown", "unknown", IsDefault: false), "an invalid manifest still names its binding");
    }

    [Fact]
    public void Names_that_become_paths_or_variables_are_checked()
    {
        var file = folder.Write("names", """
            {
              "binding": "names", "framework": "py/torch", "language": "python", "executable": "w", "executable_variable": "NOT-A-NAME",
              "environment": {"A B": "1"}, "arguments": ["{packages}"], "releases": {"npm": ["p"], "versions": ["1.0", "../x"]}
            }
            """);

        BindingManifestReader.Read(file).Problem.Should().Be(string.Join("; ",
            "'framework' must be a plain name (letters, digits, '.', '_' and '-'), got 'py/torch'",
            "'executable_variable' must name an environment variable (letters, digits and '_'), got 'NOT-A-NAME'",
            "'environment' names 'A B', which is not an environment variable name",
            "'releases.versions' holds '../x', which is no exact version (letters, digits, '.', '_' and '-')",
            "'{packages}' is used but the manifest declares no 'packages' folder",
            "'releases' needs a 'packages' folder for the worker to load each release from"));
    }

    [Fact]
    public void A_valid_manifest_is_read_field_by_field_with_paths_kept_for_the_command_to_resolve()
    {
        var file = folder.Write("full", """
            {
              "binding": "full", "description": "every field", "framework": "pytorch", "language": "cpp", "default": false,
              "executable": "bin/worker", "executable_variable": "FULL_WORKER", "arguments": ["{manifest_dir}/model.pt", "--fast"],
              "environment": {"OMP_NUM_THREADS": "1", "PYTHONPATH": null}, "working_directory": "work", "install_hint": "make worker",
              "packages": "{root}/node_modules", "threads": {"argument": "-t"}, "releases": {"npm": ["full-binding"], "versions": ["2.0.1"]}
            }
            """);

        var manifest = BindingManifestReader.Read(file);

        manifest.Problem.Should().BeNull();
        manifest.Should().BeEquivalentTo(new
        {
            Id = "full", File = file, Framework = "pytorch", Language = "cpp", IsDefault = false, Executable = "bin/worker",
            ExecutableVariable = "FULL_WORKER", Arguments = new[] { "{manifest_dir}/model.pt", "--fast" }, WorkingDirectory = "work",
            InstallHint = "make worker", Packages = "{root}/node_modules", Threads = new ThreadsArgument("-t", null),
            Release = (BindingRelease?)null,
        });
        manifest.Environment.Should().Equal(new Dictionary<string, string?> { ["OMP_NUM_THREADS"] = "1", ["PYTHONPATH"] = null });
        manifest.Releases!.Packages.Should().Equal("full-binding");
        manifest.Releases.Versions.Should().Equal("2.0.1");
        manifest.Folder.Should().Be(folder.Path);
    }

    [Fact]
    public void The_shipped_manifests_are_valid_and_name_their_bindings()
    {
        var shipped = ShippedManifests.Read();

        shipped.Select(m => m.Id).Should().Equal("pytorch-python", "tfjs");
        shipped.Should().OnlyContain(m => m.Problem == null && File.Exists(m.File));
        shipped.Select(m => m.Descriptor).Should().Equal(
            new BindingDescriptor("pytorch-python", "pytorch", "python", IsDefault: true),
            new BindingDescriptor("tfjs", "tensorflow", "javascript", IsDefault: false));
    }
}
