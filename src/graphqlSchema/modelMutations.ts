import { GraphQLID, GraphQLNonNull, type GraphQLFieldConfigMap } from 'graphql';
import { mutationWithClientMutationId } from 'graphql-relay';
import type { Model } from '../appModel/AppModel';
import { toGlobalId } from '../resolvers/globalIds';
import { createObject } from '../resolvers/mutations/createObject';
import { deleteObject } from '../resolvers/mutations/deleteObject';
import { createdForPayload, edgeOf, visibleAfterWrite } from '../resolvers/mutations/payloads';
import { updateObject } from '../resolvers/mutations/updateObject';
import { createWithFiles, removeFilesOf, updateWithFiles } from '../files/fileWrites';
import type { RequestContext } from '../resolvers/RequestContext';
import { writableInputFields } from './inputFields';
import type { ModelTypes } from './modelTypes';

/** `create<Type>`, `update<Type>`, `delete<Type>` (docs/api.md), Relay mutations with one `input`. */
export function modelMutations(model: Model, types: ModelTypes): GraphQLFieldConfigMap<unknown, RequestContext> {
  const changed = `changed${model.name}`;
  return {
    [`create${model.name}`]: mutationWithClientMutationId({
      name: `Create${model.name}`,
      inputFields: writableInputFields(model, 'create'),
      outputFields: {
        [changed]: { type: types.object },
        [`${changed}Edge`]: { type: types.edge },
      },
      mutateAndGetPayload: async (input, context: RequestContext) => {
        const doc = await createWithFiles(context, model, input, (stored, id) =>
          createObject(context, model, stored, { id }),
        );
        // An error in place of the object: graphql-js reports it at the payload field's path.
        const created = await createdForPayload(context, model, doc);
        return { [changed]: created, [`${changed}Edge`]: await edgeOf(context, model, created) };
      },
    }),
    [`update${model.name}`]: mutationWithClientMutationId({
      name: `Update${model.name}`,
      inputFields: { id: { type: new GraphQLNonNull(GraphQLID) }, ...writableInputFields(model, 'update') },
      outputFields: { [changed]: { type: types.object } },
      mutateAndGetPayload: async (input, context: RequestContext) => ({
        [changed]: await visibleAfterWrite(
          context,
          model,
          await updateWithFiles(context, model, input, (stored) => updateObject(context, model, stored)),
        ),
      }),
    }),
    [`delete${model.name}`]: mutationWithClientMutationId({
      name: `Delete${model.name}`,
      inputFields: { id: { type: new GraphQLNonNull(GraphQLID) } },
      outputFields: { [changed]: { type: types.object }, deletedId: { type: GraphQLID } },
      mutateAndGetPayload: async (input, context: RequestContext) => {
        const deleted = await deleteObject(context, model, input.id as string);
        await removeFilesOf(context, model, deleted);
        return { [changed]: deleted, deletedId: toGlobalId(model.name, deleted._id) };
      },
    }),
  };
}
