// Create, rename, move and delete a resource, with the server's refusals said plainly: a name taken
// among its siblings, a resource still in use (children, or a key's scope), a move under itself.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client';
import type { Resource } from '../api/types';
import { useSubmit } from '../hooks';
import { Dialog } from './dialog';
import { DialogActions } from './dialog-actions';
import { ErrorAlert } from './error-alert';
import { hasChildren, treeEntries, typeLabel } from './resource-tree';

export const KNOWN_TYPES = ['account', 'folder', 'building', 'database'];
const TYPE_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;

/** What usually sits below a type in the seeds' tree (Madaster): a first guess, not a rule. */
function childType(parent: Resource | undefined): string {
  if (!parent) return 'account';
  const index = KNOWN_TYPES.indexOf(parent.type);
  return index >= 0 && index < KNOWN_TYPES.length - 1 ? KNOWN_TYPES[index + 1] : 'folder';
}

/** The resource errors in words about this resource; others go to the general ErrorAlert. */
export function ResourceError({ error, resource, resources }: { error: unknown; resource?: Resource; resources: Resource[] }) {
  const { t } = useTranslation();
  if (!(error instanceof ApiError)) return <ErrorAlert error={error} />;
  const name = resource?.name ?? '';
  let text: string | null = null;
  if (error.code === 'NAME_TAKEN' || error.code === 'QUOTA_REACHED') text = t(`flows.resources.errors.${error.code}`);
  else if (error.code === 'IN_USE') {
    text = t(resource && hasChildren(resources, resource.id) ? 'flows.resources.errors.IN_USE_CHILDREN' : 'flows.resources.errors.IN_USE_SCOPE', { name });
  } else if (error.code === 'VALIDATION_FAILED' && error.details.some((d) => d.field === '/parentId' && /under itself/.test(d.message))) {
    text = t('flows.resources.errors.CYCLE');
  }
  if (!text) return <ErrorAlert error={error} />;
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-title">{text}</p>
    </div>
  );
}

/** A select of places: the top level, then every resource in tree order, indented. */
function ParentSelect({ resources, value, onChange, label, exclude }: { resources: Resource[]; value: string; onChange(id: string): void; label: string; exclude?: string }) {
  const { t } = useTranslation();
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <select className="input" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('flows.resources.root')}</option>
        {treeEntries(resources).filter((e) => e.resource.id !== exclude).map(({ resource, depth }) => (
          <option key={resource.id} value={resource.id}>
            {'\u00a0\u00a0'.repeat(depth)}
            {resource.name} ({typeLabel(t, resource.type)})
          </option>
        ))}
      </select>
    </label>
  );
}

interface CreateProps {
  tenantId: string;
  resources: Resource[];
  parentId: string | null;
  onCreated(resource: Resource): void;
  onClose(): void;
}

export function CreateResourceDialog({ tenantId, resources, parentId, onCreated, onClose }: CreateProps) {
  const { t } = useTranslation();
  const [parent, setParent] = useState(parentId ?? '');
  const [type, setType] = useState(childType(resources.find((r) => r.id === parentId)));
  const [otherType, setOtherType] = useState('');
  const [name, setName] = useState('');
  const [invalid, setInvalid] = useState(false);
  const chosenType = type === 'other' ? otherType.trim() : type;
  const { busy, error, submit } = useSubmit(
    () => api.createResource(tenantId, { type: chosenType, name: name.trim(), parentId: parent || null }),
    onCreated,
  );
  function onSubmit(event: FormEvent) {
    const valid = TYPE_PATTERN.test(chosenType);
    setInvalid(!valid);
    if (valid) void submit(event);
    else event.preventDefault();
  }

  return (
    <Dialog title={t('flows.resources.createTitle')} onClose={onClose}>
      <form className="form" onSubmit={onSubmit} noValidate>
        <ParentSelect resources={resources} value={parent} onChange={(id) => { setParent(id); setType(childType(resources.find((r) => r.id === id))); }} label={t('flows.resources.parent')} />
        <label className="field">
          <span className="field-label">{t('flows.resources.type')}</span>
          <select className="input" value={type} onChange={(e) => setType(e.target.value)}>
            {KNOWN_TYPES.map((known) => (
              <option key={known} value={known}>
                {typeLabel(t, known)}
              </option>
            ))}
            <option value="other">{t('flows.resources.otherType')}</option>
          </select>
        </label>
        {type === 'other' && (
          <label className="field">
            <span className="field-label">{t('flows.resources.otherTypeName')}</span>
            <input className="input" value={otherType} onChange={(e) => setOtherType(e.target.value)} maxLength={32} />
          </label>
        )}
        <label className="field">
          <span className="field-label">{t('flows.resources.name')}</span>
          <input className="input" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} required data-autofocus />
        </label>
        {invalid && <p className="alert alert-error" role="alert">{t('flows.resources.badType')}</p>}
        <ResourceError error={error} resources={resources} />
        <DialogActions submitLabel={t('flows.resources.create')} busy={busy} disabled={!name.trim()} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

interface ChangeProps {
  tenantId: string;
  resource: Resource;
  resources: Resource[];
  onSaved(resource: Resource): void;
  onClose(): void;
}

export function RenameResourceDialog({ tenantId, resource, resources, onSaved, onClose }: ChangeProps) {
  const { t } = useTranslation();
  const [name, setName] = useState(resource.name);
  const { busy, error, submit } = useSubmit(() => api.updateResource(tenantId, resource.id, { name: name.trim() }), onSaved);
  return (
    <Dialog title={t('flows.resources.renameTitle', { name: resource.name })} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <label className="field">
          <span className="field-label">{t('flows.resources.name')}</span>
          <input className="input" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} required data-autofocus />
        </label>
        <ResourceError error={error} resource={resource} resources={resources} />
        <DialogActions submitLabel={t('flows.resources.save')} busy={busy} disabled={!name.trim()} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

export function MoveResourceDialog({ tenantId, resource, resources, onSaved, onClose }: ChangeProps) {
  const { t } = useTranslation();
  const [parent, setParent] = useState(resource.parentId ?? '');
  const { busy, error, submit } = useSubmit(() => api.updateResource(tenantId, resource.id, { parentId: parent || null }), onSaved);
  // Every other resource is offered; a place below the resource itself is refused by the server and said plainly.
  return (
    <Dialog title={t('flows.resources.moveTitle', { name: resource.name })} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <ParentSelect resources={resources} exclude={resource.id} value={parent} onChange={setParent} label={t('flows.resources.parent')} />
        <ResourceError error={error} resource={resource} resources={resources} />
        <DialogActions submitLabel={t('flows.resources.move')} busy={busy} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

export function DeleteResourceDialog({ tenantId, resource, resources, onDeleted, onClose }: Omit<ChangeProps, 'onSaved'> & { onDeleted(): void }) {
  const { t } = useTranslation();
  const { busy, error, submit } = useSubmit(() => api.deleteResource(tenantId, resource.id), onDeleted);
  return (
    <Dialog title={t('flows.resources.deleteTitle', { name: resource.name })} onClose={onClose} role="alertdialog">
      <form className="form" onSubmit={submit} noValidate>
        <p>{t('flows.resources.deleteWarning')}</p>
        <ResourceError error={error} resource={resource} resources={resources} />
        <DialogActions submitLabel={t('flows.resources.deleteConfirm')} busy={busy} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
