using BindingConformance;
using BindingConformance.SampleSuite;

[assembly: ConformanceRegistry(typeof(SampleRegistry))]

// A binding described by a manifest, beside the registry's in-memory ones (ManifestTheories).
[assembly: BindingManifest("ExampleWorker/example-perl.binding.json")]
