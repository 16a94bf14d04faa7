// sdk-gen writes the sbc plugin's language SDKs from its schema with Pulumi's own code
// generators, the ones `pulumi package gen-sdk` runs: pulumi_sbc for Python (pkg/v3/codegen/python)
// and @pulumi/sbc for TypeScript (pkg/v3/codegen/nodejs).
//
// Why a program of our own: gen-sdk in CLI v3.248 asks the language host to generate, and the
// Python and Node hosts the tests build (sdk v3.68.0) do not implement that call.
//
//	sdk-gen python|nodejs <schema.json> <output dir>
//
// The output directory is replaced as a whole (a resource gone from the schema leaves no module
// behind), and gains generated.json: the hash of the schema it was made from and of every file
// written, which tests/languageSdks.test.ts compares with the checkout (a stale SDK, a hand edit).
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// tool is what the generated files' headers name as their generator.
const tool = "pulumi-oracle-sbc sdk-gen"

const readme = "Pulumi resources for the configuration elements of Oracle Communications Session Border Controllers, through their REST API.\n\nThis package is generated from the schema of the `sbc` resource provider plugin (pulumi-resource-sbc) of the same version, which must be installed: see the pulumi-oracle-sbc README.\n"

// language is one SDK: its settings, kept here rather than in the plugin's schema (they concern
// only this SDK's build), and the generator that writes it. In both, respectSchemaVersion puts the
// schema's (the plugin's) version into the package and into what tells the engine which plugin to
// load (pulumi-plugin.json, package.json's "pulumi"), so the SDK asks for the plugin it was made for.
type language struct {
	options  map[string]any
	generate func(pkg *schema.Package) (map[string][]byte, error)
}

var languages = map[string]language{
	// pyproject gives a pyproject.toml that `pip wheel` builds with setuptools.
	"python": {
		options: map[string]any{
			"packageName":          "pulumi_sbc",
			"respectSchemaVersion": true,
			"pyproject":            map[string]any{"enabled": true},
			"pythonRequires":       ">=3.9",
			"requires":             map[string]string{"pulumi": ">=3.142.0,<4.0.0"},
			"readme":               readme,
		},
		generate: func(pkg *schema.Package) (map[string][]byte, error) {
			files, err := python.GeneratePackage(tool, pkg, nil, noPackages{})
			if err != nil {
				return nil, err
			}
			// pyproject.toml names the README beside it; the generator writes it inside the package only.
			files["README.md"] = files[filepath.Join("pulumi_sbc", "README.md")]
			return files, nil
		},
	},
	// @pulumi/sbc is the name `pulumi import` and `pulumi convert` give a package named sbc in the
	// TypeScript they print; @pulumi/pulumi stays the generator's own dependency range.
	"nodejs": {
		options: map[string]any{
			"packageName":          "@pulumi/sbc",
			"respectSchemaVersion": true,
			"readme":               readme,
		},
		generate: func(pkg *schema.Package) (map[string][]byte, error) {
			return nodejs.GeneratePackage(tool, pkg, nil, nil, false, noPackages{})
		},
	},
}

// noPackages refuses every package: the sbc schema refers to none, and a reference would be a bug.
type noPackages struct{}

func (noPackages) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("the sbc schema refers to package %q: this generator resolves no other packages", name)
}

func (noPackages) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return noPackages{}.LoadPackage(d.Name, d.Version)
}

func (noPackages) LoadPackageReference(name string, v *semver.Version) (schema.PackageReference, error) {
	_, err := noPackages{}.LoadPackage(name, v)
	return nil, err
}

func (noPackages) LoadPackageReferenceV2(_ context.Context, d *schema.PackageDescriptor) (schema.PackageReference, error) {
	_, err := noPackages{}.LoadPackage(d.Name, d.Version)
	return nil, err
}

const manifestFile = "generated.json"

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// manifestOf records what the SDK was made from and what was written, with paths in / form.
func manifestOf(lang string, schemaText []byte, files map[string][]byte) ([]byte, error) {
	hashes := map[string]string{}
	for name, text := range files {
		hashes[filepath.ToSlash(name)] = sha256Hex(text)
	}
	text, err := json.MarshalIndent(map[string]any{
		"generator":    "scripts/sdk-gen (npm run gen:" + lang + ")",
		"schemaSha256": sha256Hex(schemaText),
		"files":        hashes,
	}, "", "  ")
	return append(text, '\n'), err
}

func generate(lang, schemaFile, outDir string) error {
	sdk, ok := languages[lang]
	if !ok {
		return fmt.Errorf("no SDK for language %q: choose python or nodejs", lang)
	}
	raw, err := os.ReadFile(schemaFile)
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return fmt.Errorf("%s is not a package schema: %w", schemaFile, err)
	}
	options, err := json.Marshal(sdk.options)
	if err != nil {
		return err
	}
	if spec.Language == nil {
		spec.Language = map[string]schema.RawMessage{}
	}
	spec.Language[lang] = schema.RawMessage(options)

	pkg, diags, err := schema.BindSpec(spec, noPackages{}, schema.ValidationOptions{})
	if err != nil {
		return fmt.Errorf("binding %s: %w", schemaFile, err)
	}
	if diags.HasErrors() {
		return fmt.Errorf("%s is not a valid schema: %s", schemaFile, diags.Error())
	}
	files, err := sdk.generate(pkg)
	if err != nil {
		return fmt.Errorf("generating the %s SDK: %w", lang, err)
	}
	manifest, err := manifestOf(lang, raw, files)
	if err != nil {
		return err
	}
	files[manifestFile] = manifest

	if err := os.RemoveAll(outDir); err != nil {
		return err
	}
	for name, text := range files {
		path := filepath.Join(outDir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, text, 0o644); err != nil {
			return err
		}
	}
	fmt.Printf("wrote %d files to %s\n", len(files), outDir)
	return nil
}

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: sdk-gen python|nodejs <schema.json> <output dir>")
		os.Exit(2)
	}
	if err := generate(os.Args[1], os.Args[2], os.Args[3]); err != nil {
		fmt.Fprintln(os.Stderr, "sdk-gen: error:", err)
		os.Exit(1)
	}
}
