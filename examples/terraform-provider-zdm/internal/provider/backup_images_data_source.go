package provider

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/zdmkit/go-zdm"
)

// backupImagesDataModel is the data source's filters and result.
type backupImagesDataModel struct {
	Server       types.String `tfsdk:"server"`
	Center       types.String `tfsdk:"center"`
	RepositoryID types.Int64  `tfsdk:"repository_id"`
	JobName      types.String `tfsdk:"job_name"`
	Partition    types.String `tfsdk:"partition"`
	Images       []imageItem  `tfsdk:"images"`
}

// imageItem is one backup image.
type imageItem struct {
	Name            types.String `tfsdk:"name"`
	JobName         types.String `tfsdk:"job_name"`
	Type            types.String `tfsdk:"type"`
	CreatedAt       types.String `tfsdk:"created_at"`
	SizeBytes       types.Int64  `tfsdk:"size_bytes"`
	CompressedBytes types.Int64  `tfsdk:"compressed_bytes"`
	RepositoryID    types.Int64  `tfsdk:"repository_id"`
	RepositoryPath  types.String `tfsdk:"repository_path"`
	Server          types.String `tfsdk:"server"`
	Partition       types.String `tfsdk:"partition"`
}

// newBackupImagesDataSource is the zdm_backup_images data source.
func newBackupImagesDataSource() datasource.DataSource {
	return &dataSource[backupImagesDataModel]{name: "backup_images", read: readBackupImages, schema: schema.Schema{
		Description: "Lists backup images, newest first: the files backup runs wrote, which recoveries restore " +
			"(an image's `job_name` is a recovery partition's `backup_job`, its `name` the `backup_file`). " +
			"When a 3.0.0 server could not scan some repositories, the images found are listed and a warning names the others.",
		Attributes: map[string]schema.Attribute{
			"server":        filterString("Only the images of this server: its name (1.x/2.x servers list images per server only, and require it), or on 3.0.0 its ID."),
			"center":        filterString("Only scan the repositories of these centers (ID or name, a comma list)."),
			"repository_id": schema.Int64Attribute{Optional: true, Description: "Only scan this repository.", Validators: []validator.Int64{int64validator.AtLeast(1)}},
			"job_name":      filterString("Only the images of this backup job (exact name)."),
			"partition":     filterString(`Only the images of this partition ("/") or drive ("C:" or "C").`),
			"images": schema.ListNestedAttribute{
				Computed:    true,
				Description: "The images found, newest first.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name":             computedString("The image's file name: a recovery's `backup_file`."),
					"job_name":         computedString("The backup job that wrote it: a recovery's `backup_job`."),
					"type":             computedString(`Its type as the server names it, lowercased ("full", "increment", ...).`),
					"created_at":       computedString("When it was written (RFC 3339, with the server's offset)."),
					"size_bytes":       computedInt("The size of the data backed up, in bytes."),
					"compressed_bytes": computedInt("The image file's size in bytes (3.0.0 servers); null when not sent."),
					"repository_id":    computedInt("The repository holding it."),
					"repository_path":  computedString("The repository's path."),
					"server":           computedString("The server backed up."),
					"partition":        computedString("The partition or drive backed up."),
				}},
			},
		},
	}}
}

// readBackupImages lists the images, page by page, newest first.
func readBackupImages(ctx context.Context, c *zdm.Client, m *backupImagesDataModel, diags *diag.Diagnostics) (string, error) {
	opts := &zdm.ListBackupImagesOptions{Server: m.Server.ValueString(), Center: m.Center.ValueString(),
		RepositoryID: m.RepositoryID.ValueInt64(), JobName: m.JobName.ValueString(), Partition: m.Partition.ValueString()}
	var imgs []*zdm.BackupImage
	for img, err := range c.Backups.ListAllImages(ctx, opts) {
		if errors.Is(err, zdm.ErrPartialFailure) {
			diags.AddWarning("Some repositories were not scanned", err.Error())
			continue
		}
		if err != nil {
			return "Could not list the backup images", err
		}
		imgs = append(imgs, img)
	}
	slices.SortStableFunc(imgs, func(a, b *zdm.BackupImage) int {
		ta, _ := a.CreatedTime()
		tb, _ := b.CreatedTime()
		return tb.Compare(ta)
	})
	m.Images = make([]imageItem, len(imgs))
	for i, img := range imgs {
		created := types.StringValue(img.CreatedAt)
		if t, ok := img.CreatedTime(); ok {
			created = types.StringValue(t.Format(time.RFC3339))
		}
		m.Images[i] = imageItem{
			Name:            types.StringValue(img.Name),
			JobName:         types.StringValue(img.JobName),
			Type:            types.StringValue(img.Type),
			CreatedAt:       created,
			SizeBytes:       types.Int64Value(img.Size.Bytes),
			CompressedBytes: types.Int64Null(),
			RepositoryID:    types.Int64Value(img.Repository.ID),
			RepositoryPath:  types.StringValue(img.Repository.Path),
			Server:          types.StringValue(img.Server),
			Partition:       types.StringValue(img.PartitionName()),
		}
		if img.CompressedSize.Bytes != 0 {
			m.Images[i].CompressedBytes = types.Int64Value(img.CompressedSize.Bytes)
		}
	}
	return "", nil
}
