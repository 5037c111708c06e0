"""Labels and help texts the forms had are declared on the model fields (issue #15); the
tables do not change."""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('resources', '0010_source_jobs_record_sources'),
    ]

    operations = [
        migrations.AlterField(
            model_name='resource',
            name='shortname',
            field=models.CharField(help_text="At least 3 characters: letters, digits, '_' and '-'. It becomes part of public addresses and cannot change after the first publication.", max_length=100, unique=True, validators=[django.core.validators.RegexValidator('^[A-Za-z0-9_-]{3,}$', "Use at least 3 characters: letters, digits, '_' and '-'.", code='shortname')], verbose_name='short name'),
        ),
        migrations.AlterField(
            model_name='source',
            name='keep_cached',
            field=models.BooleanField(default=False, help_text='Otherwise the file is downloaded again before each publication.', verbose_name='keep the cached copy'),
        ),
        migrations.AlterField(
            model_name='source',
            name='sql_query',
            field=models.TextField(blank=True, help_text='A single SELECT statement.', verbose_name='SQL query'),
        ),
        migrations.AlterField(
            model_name='source',
            name='url',
            field=models.CharField(blank=True, max_length=1000, verbose_name='URL'),
        ),
    ]
